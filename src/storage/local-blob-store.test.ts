import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isBlobKey } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';

let root: string;
let store: LocalBlobStore;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'drape-blobs-'));
  store = new LocalBlobStore(root);
});
after(() => rm(root, { recursive: true, force: true }));

test('put, get, delete, deletePrefix; no temporary files left behind', async () => {
  await store.put('inputs/job_1/person.jpg', Buffer.from('person'));
  await store.put('inputs/job_1/garment-1.png', Buffer.from('garment'));
  assert.deepEqual(await store.get('inputs/job_1/person.jpg'), { bytes: Buffer.from('person'), contentType: 'image/jpeg' });
  assert.deepEqual((await readdir(join(root, 'inputs/job_1'))).sort(), ['garment-1.png', 'person.jpg']);
  await store.delete('inputs/job_1/person.jpg');
  assert.equal(await store.get('inputs/job_1/person.jpg'), undefined);
  await store.deletePrefix('inputs/job_1/');
  assert.equal(await store.get('inputs/job_1/garment-1.png'), undefined);
  await store.check();
});

test('an overwrite replaces the whole file', async () => {
  await store.put('results/job_2/a1/result.jpg', Buffer.alloc(1000, 1));
  await store.put('results/job_2/a1/result.jpg', Buffer.from('short'));
  assert.equal((await store.get('results/job_2/a1/result.jpg'))!.bytes.toString(), 'short');
});

test('keys that could leave the store are refused', async () => {
  for (const key of ['../etc/passwd', 'inputs/../../x', '/abs/path', 'inputs//x', 'inputs/./x', 'Inputs/X', 'single', 'inputs/x/']) {
    assert.equal(isBlobKey(key), false, key);
    await assert.rejects(store.put(key, Buffer.from('x')), /invalid blob key/);
  }
  assert.equal(isBlobKey('results/job_01/a1/diagnostic-pose.png'), true);
});
