import type { Config } from '../config.js';
import { PresignedLinks, ProxyLinks, type BlobLinks } from './blob-links.js';
import type { BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import type { S3BlobStore } from './s3-blob-store.js';
import type { UrlSigner } from './signed-urls.js';

export interface Storage {
  blobs: BlobStore;
  links: BlobLinks;
  /** Present with STORAGE_URL=s3://…: the store and its client, for multipart uploads. */
  s3: S3BlobStore | undefined;
  close(): void;
}

/**
 * The blob store STORAGE_URL names, and the links RESULT_LINKS asks for. The
 * AWS SDK is loaded only for S3 storage: importing it costs a folder-store
 * start about a second (1.1 s measured on a loaded 2-core machine).
 */
export async function openStorage(config: Config, signer: UrlSigner): Promise<Storage> {
  const location = config.STORAGE;
  if (location.kind === 'folder') {
    return { blobs: new LocalBlobStore(location.root), links: new ProxyLinks(signer), s3: undefined, close: () => {} };
  }
  const { S3BlobStore } = await import('./s3-blob-store.js');
  const s3 = new S3BlobStore({
    bucket: location.bucket,
    prefix: location.prefix,
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials:
      config.AWS_ACCESS_KEY_ID === undefined || config.AWS_SECRET_ACCESS_KEY === undefined
        ? undefined
        : {
            accessKeyId: config.AWS_ACCESS_KEY_ID,
            secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
            sessionToken: config.AWS_SESSION_TOKEN,
          },
  });
  const links = config.RESULT_LINKS === 'presigned' ? new PresignedLinks(s3) : new ProxyLinks(signer);
  return { blobs: s3, links, s3, close: () => s3.close() };
}
