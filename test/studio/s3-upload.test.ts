/**
 * The studio's SKU archive upload on S3 storage (a real S3-compatible server
 * on loopback): upload_urls are S3's own presigned UploadPart URLs of a real
 * multipart upload, the client PUTs the parts straight to the bucket, S3
 * assembles them on complete_multipart_upload, and the archive is gone from
 * the bucket once unpacked.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { S3BlobStore } from '../../src/storage/s3-blob-store.js';
import { newTeam } from '../support/accounts.js';
import { TEST_BUCKET, startS3Server, type TestS3 } from '../support/s3-server.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertStudioError, fixture, studio, zip } from './support.js';

describe('studio SKU archives on S3 storage', () => {
  let s3: TestS3;
  let server: TestServer;
  before(async () => {
    s3 = await startS3Server();
    server = await startTestServer('pglite', s3.env('studio'));
  });
  after(async () => {
    await server?.stop();
    await s3?.close();
  });

  test('presigned part URLs, S3 ETags, S3 assembles; a short parts list is refused and the upload stays open', async () => {
    const { key: apiKey } = await newTeam(server, { name: 'S3' });
    const api = studio(server.url, apiKey);
    const projectId = (await api.post('/project', { project_name: 'P' })).body.project_id as string;
    // Two parts of at least 5 MiB each, as S3 requires of every part but the last.
    const archive = await zip([['blouse/front.jpg', fixture('garments', '00055_00.jpg')], ['__MACOSX/pad', randomBytes(11 * 1024 * 1024)]]);
    const started = await api.post('/project/upload', { project_id: projectId, file_type: 'sku_zip', file_size: archive.length });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const { key, upload_id: uploadId, upload_urls: urls } = started.body as { key: string; upload_id: string; upload_urls: string[] };
    assert.equal(urls.length, 2);
    for (const url of urls) {
      const parsed = new URL(url);
      assert.equal(parsed.origin, s3.endpoint);
      assert.equal(parsed.searchParams.get('uploadId') !== null && parsed.searchParams.get('X-Amz-Signature') !== null, true, url);
    }
    const half = Math.ceil(archive.length / 2);
    const etags: string[] = [];
    for (const [index, url] of urls.entries()) {
      const put = await fetch(url, { method: 'PUT', body: new Uint8Array(archive.subarray(index * half, (index + 1) * half)) });
      assert.equal(put.status, 200, await put.text());
      etags.push(put.headers.get('etag')!);
    }
    const complete = (parts: unknown) => api.post('/project/complete_multipart_upload', { project_id: projectId, key, upload_id: uploadId, parts });
    // A parts list that leaves a part out is refused before S3 is asked, and the upload stays open. (A wrong ETag is
    // S3's to refuse, InvalidPart, mapped to the same code; s3rver does not compare ETags, so it is not tried here.)
    assertStudioError(await complete([{ PartNumber: 1, ETag: etags[0] }]), 422, 'upload_parts_mismatch');
    const done = await complete([{ PartNumber: 1, ETag: etags[0] }, { PartNumber: 2, ETag: etags[1] }]);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const skus = (await api.get(`/sku?project_id=${projectId}`)).body.skus as { sku_name: string; garment_type: string }[];
    assert.deepEqual(skus.map((sku) => [sku.sku_name, sku.garment_type]), [['blouse', 'Top']]);

    const store = new S3BlobStore({
      bucket: TEST_BUCKET,
      prefix: 'studio/',
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    try {
      const keys: string[] = [];
      for await (const entry of store.list('studio/')) keys.push(entry.key);
      assert.equal(keys.filter((each) => each.includes('/uploads/')).length, 0, keys.join('\n'));
      assert.equal(keys.filter((each) => each.includes('/images/')).length, 1, keys.join('\n'));
    } finally {
      store.close();
    }
  });
});
