import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../support/databases.js';
import { request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

for (const kind of await databaseKinds()) {
  describe(`signed result URLs and retention (${kind})`, () => {
    let server: TestServer;
    let job: any;
    const local = (url: string) => url.replace(server.config.PUBLIC_URL, server.url);
    before(async () => {
      // Links live 2 s and files 1 s after the job ends; the sweeper is run by hand below.
      server = await startTestServer(kind, { RESULT_URL_TTL: '2s', RETENTION: '1s', SWEEP_INTERVAL: '1h' });
      job = (
        await request(`${server.url}/v1/tryon?wait=20`, {
          method: 'POST',
          json: {
            person_image: dataUri(await personImage()),
            garment_image: dataUri(await solidImage(300, 300, { r: 0, g: 90, b: 0 }), 'image/jpeg'),
          },
        })
      ).body;
      assert.equal(job.status, 'completed');
    });
    after(async () => server.stop());

    test('a signed link downloads; a tampered one is 403 invalid_signature', async () => {
      const url = new URL(local(job.result.image_url));
      assert.equal((await fetch(url)).status, 200);

      const tamperedSig = new URL(url);
      const sig = tamperedSig.searchParams.get('sig')!;
      tamperedSig.searchParams.set('sig', `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}`);
      const bad = await request(tamperedSig.toString());
      assert.equal(bad.status, 403);
      assert.deepEqual(bad.body, { error: { code: 'invalid_signature', message: 'This link is not valid.' } });

      const longer = new URL(url);
      longer.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
      assert.equal((await request(longer.toString())).body.error.code, 'invalid_signature');

      const otherFile = new URL(url);
      otherFile.pathname = otherFile.pathname.replace('result.jpg', 'other.jpg');
      assert.equal((await request(otherFile.toString())).status, 403);

      const traversal = await request(`${server.url}/v1/files/..%2f..%2fetc/passwd?expires=9999999999&sig=${'0'.repeat(64)}`);
      assert.equal(traversal.status, 404);
      const unsigned = await request(url.origin + url.pathname);
      assert.equal(unsigned.status, 403);
    });

    test('an expired link is 403 url_expired; the job gives a fresh one', async () => {
      const url = local(job.result.image_url);
      const expired = await until(async () => {
        const response = await request(url);
        return response.status === 403 ? response : undefined;
      }, 10_000, 'the link to expire');
      assert.deepEqual(expired.body, {
        error: { code: 'url_expired', message: 'This link has expired; fetch the job again for a fresh one.' },
      });
      const fresh = await request(`${server.url}/v1/jobs/${job.id}`);
      assert.equal((await fetch(local(fresh.body.result.image_url))).status, 200);
    });

    test('the sweeper deletes inputs and outputs after the retention period', async () => {
      const fresh = await request(`${server.url}/v1/jobs/${job.id}`);
      const url = local(fresh.body.result.image_url);
      const purged = await until(async () => {
        const swept = await server.workers!.sweeper.sweep();
        return !swept.skipped && swept.purged > 0 ? true : undefined;
      }, 10_000, 'a sweep');
      assert.equal(purged, true);
      assert.equal((await request(url)).status, 404);
      const after = await request(`${server.url}/v1/jobs/${job.id}`);
      assert.equal(after.body.status, 'completed');
      assert.equal(after.body.result.image_url, null);
    });
  });
}
