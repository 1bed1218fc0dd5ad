/**
 * One suite, two stores: the folder store in a temp dir and the S3 store
 * against a real S3-compatible server on loopback. Both must behave the same
 * for everything the jobs layer relies on.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isDrapeError } from '../../src/errors.js';
import { isBlobKey, type BlobStore } from '../../src/storage/blob-store.js';
import { LocalBlobStore } from '../../src/storage/local-blob-store.js';
import { S3BlobStore } from '../../src/storage/s3-blob-store.js';
import { TEST_BUCKET, startS3Server, type TestS3 } from '../support/s3-server.js';

let s3: TestS3;
let folder: string;
before(async () => {
  s3 = await startS3Server();
  folder = await mkdtemp(join(tmpdir(), 'drape-blobs-'));
});
after(async () => {
  await s3.close();
  await rm(folder, { recursive: true, force: true });
});

function s3Store(prefix: string, bucket = TEST_BUCKET): S3BlobStore {
  return new S3BlobStore({
    bucket,
    prefix,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}

const STORES: [string, () => BlobStore][] = [
  ['folder', () => new LocalBlobStore(folder)],
  ['s3', () => s3Store('suite/')],
];

async function keysUnder(store: BlobStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of store.list(prefix)) keys.push(entry.key);
  return keys.sort();
}

for (const [kind, make] of STORES) {
  describe(`blob store: ${kind}`, () => {
    let store: BlobStore;
    before(() => {
      store = make();
    });
    after(() => (store as { close?: () => void }).close?.());

    test('keeps the bytes and the content type it is given', async () => {
      // A PNG under a .jpg name: the type given wins over the extension.
      await store.put('inputs/job_a/person.jpg', Buffer.from('png bytes'), 'image/png');
      assert.deepEqual(await store.get('inputs/job_a/person.jpg'), { bytes: Buffer.from('png bytes'), contentType: 'image/png' });
      assert.equal(await store.get('inputs/job_a/missing.jpg'), undefined);
    });

    test('an overwrite replaces the whole blob', async () => {
      await store.put('results/job_b/a1/result.jpg', Buffer.alloc(1000, 1), 'image/jpeg');
      await store.put('results/job_b/a1/result.jpg', Buffer.from('short'), 'image/jpeg');
      assert.equal((await store.get('results/job_b/a1/result.jpg'))!.bytes.toString(), 'short');
    });

    test('list yields the blobs under a prefix and nothing else', async () => {
      const started = Date.now() - 2_000;
      await store.put('inputs/job_c/person.png', Buffer.from('p'), 'image/png');
      await store.put('inputs/job_c/garment-1.png', Buffer.from('g'), 'image/png');
      await store.put('inputs/job_c1/person.png', Buffer.from('other job'), 'image/png');
      assert.deepEqual(await keysUnder(store, 'inputs/job_c/'), ['inputs/job_c/garment-1.png', 'inputs/job_c/person.png']);
      const all = await keysUnder(store, 'inputs/');
      assert.ok(all.includes('inputs/job_c1/person.png') && all.includes('inputs/job_a/person.jpg'), JSON.stringify(all));
      for await (const entry of store.list('inputs/job_c/')) {
        assert.ok(entry.modifiedAt.getTime() >= started && entry.modifiedAt.getTime() <= Date.now() + 2_000, String(entry.modifiedAt));
      }
      assert.deepEqual(await keysUnder(store, 'inputs/job_none/'), []);
    });

    test('delete and deletePrefix remove exactly what they name', async () => {
      await store.put('inputs/job_d/person.png', Buffer.from('p'), 'image/png');
      await store.put('inputs/job_d/garment-1.png', Buffer.from('g'), 'image/png');
      await store.put('inputs/job_d2/person.png', Buffer.from('neighbour'), 'image/png');
      await store.delete('inputs/job_d/person.png');
      assert.equal(await store.get('inputs/job_d/person.png'), undefined);
      await store.delete('inputs/job_d/never-there.png');
      await store.deletePrefix('inputs/job_d/');
      assert.deepEqual(await keysUnder(store, 'inputs/job_d/'), []);
      // job_d2 starts with job_d but is another job's folder.
      assert.equal((await store.get('inputs/job_d2/person.png'))!.bytes.toString(), 'neighbour');
      await store.deletePrefix('inputs/job_never/');
    });

    test('keys and prefixes that could leave the store are refused', async () => {
      for (const key of ['../etc/passwd', 'inputs/../../x', '/abs/path', 'inputs//x', 'inputs/./x', 'Inputs/X', 'single', 'inputs/x/']) {
        assert.equal(isBlobKey(key), false, key);
        await assert.rejects(store.put(key, Buffer.from('x'), 'image/png'), /invalid blob key/);
      }
      await assert.rejects(store.deletePrefix('../'), /invalid blob prefix/);
      await assert.rejects(store.deletePrefix('inputs/../'), /invalid blob prefix/);
      assert.equal(isBlobKey('results/job_01/a1/diagnostic-pose.png'), true);
    });

    test('check passes on a reachable store', async () => {
      await store.check();
    });
  });
}

test('the folder store leaves no temporary or type files in listings', async () => {
  const store = new LocalBlobStore(folder);
  await store.put('inputs/job_e/person.png', Buffer.from('p'), 'image/png');
  assert.deepEqual((await readdir(join(folder, 'inputs/job_e'))).sort(), ['.person.png.type', 'person.png']);
  assert.deepEqual(await keysUnder(store, 'inputs/job_e/'), ['inputs/job_e/person.png']);
});

test('s3: a missing bucket fails check with its name and writes as service_unavailable', async () => {
  const store = s3Store('', 'no-such-bucket');
  try {
    await assert.rejects(store.check(), /bucket no-such-bucket does not exist/);
    const error = await store.put('inputs/job_f/person.png', Buffer.from('p'), 'image/png').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(isDrapeError(error), String(error));
    assert.equal(error.code, 'service_unavailable');
    assert.equal(error.retryable, true);
    assert.deepEqual(error.headers, { 'retry-after': '5' });
  } finally {
    store.close();
  }
});

test('s3: a stopped server is service_unavailable, and everything is there again once it is back', async () => {
  const store = s3Store('outage/');
  try {
    await store.put('inputs/job_g/person.png', Buffer.from('kept'), 'image/png');
    await s3.stop();
    for (const attempt of [
      () => store.put('inputs/job_g/garment-1.png', Buffer.from('g'), 'image/png'),
      () => store.get('inputs/job_g/person.png'),
      () => keysUnder(store, 'inputs/'),
    ]) {
      const error = await attempt().then(() => undefined, (caught: unknown) => caught);
      assert.ok(isDrapeError(error) && error.code === 'service_unavailable' && error.retryable, String(error));
    }
    await assert.rejects(store.check(), /S3 unreachable/);
    await s3.start();
    assert.equal((await store.get('inputs/job_g/person.png'))!.bytes.toString(), 'kept');
    await store.check();
  } finally {
    await s3.start().catch(() => {});
    store.close();
  }
});

test('s3: a presigned link serves the blob with its type until it expires, then 403', async () => {
  const store = s3Store('presign/');
  try {
    await store.put('results/job_h/a1/result.jpg', Buffer.from('result bytes'), 'image/jpeg');
    // SigV4 counts from the signing second: a 2 s link is good for 1–2 s.
    const url = await store.presignedGet('results/job_h/a1/result.jpg', 2_000);
    assert.ok(url.startsWith(`${s3.endpoint}/${TEST_BUCKET}/presign/results/job_h/a1/result.jpg?`), url);
    const fresh = await fetch(url);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.headers.get('content-type'), 'image/jpeg');
    assert.equal(await fresh.text(), 'result bytes');
    const issued = Date.now();
    let status = 200;
    while (status === 200) {
      assert.ok(Date.now() - issued < 6_000, 'the link still works 6 s after a 2 s expiry');
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await fetch(url)).status;
    }
    assert.equal(status, 403);
  } finally {
    store.close();
  }
});
