/**
 * POST /v1/refine: the native route of the refine operation (the AILabTools
 * dialect translates onto it). A try-on made by the native API is refined:
 * the coarse result is stored with the job, priced as refine, and reaches the
 * engine with the garments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { assertError, multipart, request } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

for (const kind of await databaseKinds()) {
  describe(`POST /v1/refine (${kind})`, () => {
    let server: TestServer;
    let person: Buffer;
    let top: Buffer;
    let bottom: Buffer;
    before(async () => {
      server = await startTestServer(kind);
      person = await personImage();
      top = await solidImage(300, 300, { r: 0, g: 0, b: 200 });
      bottom = await solidImage(300, 300, { r: 90, g: 60, b: 20 });
    });
    after(async () => server.stop());

    test('refines a try-on made by the native API, with the coarse result stored on the job', async () => {
      const tryOn = await request(`${server.url}/v1/tryon?wait=20`, {
        method: 'POST',
        json: { person_image: dataUri(person), garment_image: dataUri(top, 'image/jpeg'), category: 'upper' },
      });
      assert.equal(tryOn.status, 200, JSON.stringify(tryOn.body));
      const coarse = Buffer.from(await (await fetch(tryOn.body.result.image_url.replace(server.config.PUBLIC_URL, server.url))).arrayBuffer());

      const form = multipart([
        ['person_image', { bytes: person, type: 'image/png' }],
        ['garment_image', { bytes: top }],
        ['category', 'upper'],
        ['garment_image', { bytes: bottom }],
        ['category', 'lower'],
        ['coarse_image', { bytes: coarse, type: 'image/jpeg' }],
        ['gender', 'woman'],
      ]);
      const refined = await request(`${server.url}/v1/refine?wait=20`, { method: 'POST', body: form });
      assert.equal(refined.status, 200, JSON.stringify(refined.body));
      const job = refined.body;
      assert.equal(job.operation, 'refine');
      assert.equal(job.status, 'completed');
      assert.deepEqual(job.input.coarse, { width: 300, height: 400 });
      assert.deepEqual(job.input.garments.map((garment: { category: string }) => garment.category), ['upper', 'lower']);
      assert.equal(job.options.gender, 'woman');
      assert.deepEqual(job.result.info.coarse, { width: 300, height: 400 }, 'the engine received the coarse image');
      const storedCoarse = await fetch(job.input.urls.coarse.replace(server.config.PUBLIC_URL, server.url));
      assert.equal(storedCoarse.status, 200);
    });

    test('JSON: coarse_image is required, gender is woman or man', async () => {
      const body = { person_image: dataUri(person), garment_image: dataUri(top, 'image/jpeg') };
      assertError(await request(`${server.url}/v1/refine`, { method: 'POST', json: body }), 'missing_parameter', 'coarse_image');
      const badGender = await request(`${server.url}/v1/refine`, {
        method: 'POST',
        json: { ...body, coarse_image: dataUri(person), gender: 'other' },
      });
      assertError(badGender, 'invalid_parameter', 'gender');
      const form = multipart([
        ['person_image', { bytes: person }],
        ['garment_image', { bytes: top }],
      ]);
      assertError(await request(`${server.url}/v1/refine`, { method: 'POST', body: form }), 'missing_parameter', 'coarse_image');
    });

    test('a refine costs the refine price (2 credits)', async () => {
      const team = await newTeam(server, { credits: 3 });
      const body = { person_image: dataUri(person), garment_image: dataUri(top, 'image/jpeg'), coarse_image: dataUri(person) };
      const first = await request(`${server.url}/v1/refine?wait=20`, { method: 'POST', json: body, key: team.key });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const account = await request(`${server.url}/v1/account`, { key: team.key });
      assert.equal(account.body.credits, 1);
      assertError(await request(`${server.url}/v1/refine`, { method: 'POST', json: body, key: team.key }), 'insufficient_credits');
    });
  });
}
