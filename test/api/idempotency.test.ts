import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../support/databases.js';
import { multipart, request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

for (const kind of await databaseKinds()) {
  describe(`Idempotency-Key (${kind})`, () => {
    let server: TestServer;
    let person: Buffer;
    let garment: Buffer;
    before(async () => {
      server = await startTestServer(kind, { URL_FETCH_ALLOWLIST: '127.0.0.1/32', WORKERS: '0' });
      person = await personImage();
      garment = await solidImage(300, 300, { r: 9, g: 9, b: 9 });
    });
    after(async () => server.stop());

    const submit = (key: string, json: unknown) =>
      request(`${server.url}/v1/tryon`, { method: 'POST', headers: { 'idempotency-key': key }, json });

    test('same key and body: the same job; another body: 422', async () => {
      const body = { person_image: dataUri(person), garment_image: dataUri(garment, 'image/jpeg') };
      const first = await submit('order-1', body);
      const second = await submit('order-1', body);
      assert.equal(first.status, 202);
      assert.equal(second.status, 202);
      assert.equal(second.body.id, first.body.id);
      const list = await request(`${server.url}/v1/jobs?limit=100`);
      assert.equal(list.body.data.filter((job: { id: string }) => job.id === first.body.id).length, 1);

      const other = await submit('order-1', { ...body, category: 'lower' });
      assert.equal(other.status, 422);
      assert.deepEqual(other.body, {
        error: {
          code: 'idempotency_key_mismatch',
          message: 'This Idempotency-Key was used with a different request body.',
          field: 'Idempotency-Key',
        },
      });
    });

    test('multipart: the same files under the same key give the same job', async () => {
      const form = () =>
        multipart([
          ['person_image', { bytes: person }],
          ['garment_image', { bytes: garment }],
        ]);
      const first = await request(`${server.url}/v1/tryon`, { method: 'POST', headers: { 'idempotency-key': 'mp-1' }, body: form() });
      const second = await request(`${server.url}/v1/tryon`, { method: 'POST', headers: { 'idempotency-key': 'mp-1' }, body: form() });
      assert.equal(first.status, 202);
      assert.equal(second.body.id, first.body.id);
    });

    test('a duplicate while the first is still being accepted: 409; a failed first frees the key', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let requests = 0;
      const slow = createServer(async (_req, res) => {
        requests++;
        await gate;
        res.setHeader('content-type', 'image/png');
        res.end(person);
      });
      await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/person.png`;
      try {
        const body = { person_image: url, garment_image: dataUri(garment, 'image/jpeg') };
        const first = submit('slow-1', body);
        await until(async () => (requests > 0 ? true : undefined));
        const duplicate = await submit('slow-1', body);
        assert.equal(duplicate.status, 409);
        assert.equal(duplicate.body.error.code, 'idempotency_in_progress');
        assert.equal(duplicate.headers.get('retry-after'), '1');
        release();
        const accepted = await first;
        assert.equal(accepted.status, 202);
        assert.equal((await submit('slow-1', body)).body.id, accepted.body.id);
      } finally {
        release();
        await new Promise((resolve) => slow.close(resolve));
      }

      const refused = await submit('bad-1', { person_image: dataUri(Buffer.from('not an image')), garment_image: dataUri(garment) });
      assert.equal(refused.body.error.code, 'unsupported_image_format');
      const corrected = await submit('bad-1', { person_image: dataUri(person), garment_image: dataUri(garment, 'image/jpeg') });
      assert.equal(corrected.status, 202);
    });
  });
}
