import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../support/databases.js';
import { multipart, request } from '../support/http.js';
import { personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

for (const kind of await databaseKinds()) {
  describe(`smoke (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(async () => server.stop());

    test('multipart submission completes with wait', async () => {
      const form = multipart([
        ['person_image', { bytes: await personImage(), type: 'image/png' }],
        ['garment_image', { bytes: await solidImage(300, 300, { r: 0, g: 0, b: 200 }) }],
        ['category', 'top'],
      ]);
      const response = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', body: form });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.status, 'completed');
      assert.equal(response.body.input.garments[0].category, 'upper');
      const image = await fetch(response.body.result.image_url.replace(server.config.PUBLIC_URL, server.url));
      assert.equal(image.status, 200);
      assert.equal(image.headers.get('content-type'), 'image/jpeg');
    });
  });
}
