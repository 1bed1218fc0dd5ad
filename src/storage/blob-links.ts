import type { S3BlobStore } from './s3-blob-store.js';
import type { UrlSigner } from './signed-urls.js';

/**
 * Links that let whoever holds them download a blob until they expire: the
 * result and input links in a job's JSON and in webhooks. RESULT_LINKS picks
 * the kind: `proxy` links go through this server's /v1/files route (signed
 * with SIGNING_SECRET), `presigned` links go straight to the S3 bucket.
 */
export interface BlobLinks {
  readonly kind: 'proxy' | 'presigned';
  link(key: string, ttlMs: number): Promise<{ url: string; expiresAt: Date }>;
}

export class ProxyLinks implements BlobLinks {
  readonly kind = 'proxy' as const;

  constructor(private readonly signer: UrlSigner) {}

  async link(key: string, ttlMs: number) {
    return this.signer.sign(key, ttlMs);
  }
}

export class PresignedLinks implements BlobLinks {
  readonly kind = 'presigned' as const;

  constructor(private readonly store: S3BlobStore) {}

  async link(key: string, ttlMs: number) {
    // SigV4 counts whole seconds from X-Amz-Date, the signing second.
    const signedAt = Math.floor(Date.now() / 1000) * 1000;
    const url = await this.store.presignedGet(key, ttlMs);
    return { url, expiresAt: new Date(signedAt + Math.max(1, Math.floor(ttlMs / 1000)) * 1000) };
  }
}
