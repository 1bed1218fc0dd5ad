import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../support/databases.js';
import { assertError, multipart, request } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

for (const kind of await databaseKinds()) {
  describe(`POST /v1/tryon (${kind})`, () => {
    let server: TestServer;
    let person: Buffer;
    let blue: Buffer;
    let green: Buffer;
    before(async () => {
      server = await startTestServer(kind);
      person = await personImage();
      blue = await solidImage(300, 300, { r: 0, g: 0, b: 200 });
      green = await solidImage(300, 300, { r: 0, g: 180, b: 0 }, 'png');
    });
    after(async () => server.stop());

    test('multipart: 202 with Location, then polling reaches completed with a downloadable result', async () => {
      const form = multipart([
        ['person_image', { bytes: person, type: 'image/png' }],
        ['garment_image', { bytes: blue }],
        ['category', 'upper'],
        ['output_format', 'png'],
        ['metadata', JSON.stringify({ order: 'A-17' })],
      ]);
      const created = await request(`${server.url}/v1/tryon`, { method: 'POST', body: form });
      assert.equal(created.status, 202);
      assert.equal(created.body.status, 'queued');
      assert.match(created.body.id, /^job_[0-9a-z]{26}$/);
      assert.equal(created.headers.get('location'), `${server.config.PUBLIC_URL}/v1/jobs/${created.body.id}`);
      assert.deepEqual(created.body.metadata, { order: 'A-17' });

      let job = created.body;
      const seen = new Set<string>();
      while (job.status === 'queued' || job.status === 'processing') {
        seen.add(job.status);
        job = (await request(`${server.url}/v1/jobs/${job.id}?wait=1`)).body;
      }
      assert.equal(job.status, 'completed');
      assert.equal(job.progress, 100);
      assert.equal(job.attempts, 1);
      assert.deepEqual(job.metadata, { order: 'A-17' });
      assert.ok(job.started_at && job.finished_at);
      for (const stage of ['decode', 'pose', 'matte', 'garment_analysis', 'composite', 'encode']) {
        assert.equal(typeof job.stage_timings[stage], 'number', `stage ${stage} timed`);
      }
      assert.equal(job.result.format, 'png');
      assert.deepEqual([job.result.width, job.result.height], [300, 400]);
      const image = await fetch(job.result.image_url.replace(server.config.PUBLIC_URL, server.url));
      assert.equal(image.status, 200);
      assert.equal(image.headers.get('content-type'), 'image/png');
      assert.ok((await image.arrayBuffer()).byteLength > 100);
    });

    test('JSON with data: URIs and Prefer: wait returns 200 with the finished job', async () => {
      const response = await request(`${server.url}/v1/tryon`, {
        method: 'POST',
        headers: { prefer: 'wait=20' },
        json: { person_image: dataUri(person), garment_image: dataUri(blue, 'image/jpeg'), category: 'bottom' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('preference-applied'), 'wait=20');
      assert.equal(response.body.status, 'completed');
      assert.equal(response.body.input.garments[0].category, 'lower');
      assert.equal(response.body.output_format, 'jpeg');
    });

    test('wait shorter than the job answers 202 with the job still running', async () => {
      const slow = await startTestServer(kind, {}, { TEST_ENGINE_STAGE_MS: '400' });
      try {
        const response = await request(`${slow.url}/v1/tryon?wait=1`, {
          method: 'POST',
          json: { person_image: dataUri(person), garment_image: dataUri(blue, 'image/jpeg') },
        });
        assert.equal(response.status, 202);
        assert.ok(['queued', 'processing'].includes(response.body.status));
        const done = await request(`${slow.url}/v1/jobs/${response.body.id}?wait=20`);
        assert.equal(done.body.status, 'completed');
      } finally {
        await slow.stop();
      }
    });

    test('an outfit: two garments with their own categories in one job (JSON and multipart)', async () => {
      const json = await request(`${server.url}/v1/tryon?wait=20`, {
        method: 'POST',
        json: {
          person_image: dataUri(person),
          garments: [
            { image: dataUri(blue, 'image/jpeg'), category: 'top' },
            { image: dataUri(green), category: 'lower' },
          ],
        },
      });
      assert.equal(json.status, 200);
      assert.deepEqual(
        json.body.input.garments.map((garment: { category: string }) => garment.category),
        ['upper', 'lower'],
      );
      assert.deepEqual(json.body.result.info.categories, ['upper', 'lower']);

      const form = multipart([
        ['person_image', { bytes: person }],
        ['garment_image', { bytes: blue }],
        ['category', 'upper'],
        ['garment_image', { bytes: green }],
        ['category', 'bottom'],
      ]);
      const viaForm = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', body: form });
      assert.equal(viaForm.status, 200);
      assert.deepEqual(
        viaForm.body.input.garments.map((garment: { category: string }) => garment.category),
        ['upper', 'lower'],
      );
    });

    test('engine options are validated and stored on the job', async () => {
      const response = await request(`${server.url}/v1/tryon`, {
        method: 'POST',
        json: {
          person_image: dataUri(person),
          garment_image: dataUri(blue, 'image/jpeg'),
          preserve_hands: false,
          result_background: '#FFEEDD',
          preset: 'fast',
          diagnostics: true,
          output_width: 150,
        },
      });
      assert.equal(response.status, 202);
      assert.deepEqual(response.body.options, {
        preserve_hands: false,
        preserve_feet: true,
        garment_background_removal: 'auto',
        result_background: '#ffeedd',
        diagnostics: true,
        preset: 'fast',
        output_size: { width: 150, height: 4096 },
      });
    });

    test('form booleans as common clients spell them: True/False (Python requests), any case, 1/0', async () => {
      const spellings: [string, boolean][] = [['True', true], ['False', false], ['TRUE', true], ['false', false], ['1', true], ['0', false]];
      for (const [spelled, meant] of spellings) {
        const form = multipart([
          ['person_image', { bytes: person }],
          ['garment_image', { bytes: blue }],
          ['preserve_hands', spelled],
          ['preserve_feet', spelled],
          ['diagnostics', spelled],
        ]);
        const response = await request(`${server.url}/v1/tryon`, { method: 'POST', body: form });
        assert.equal(response.status, 202, `${spelled}: ${JSON.stringify(response.body)}`);
        const { preserve_hands, preserve_feet, diagnostics } = response.body.options;
        assert.deepEqual({ preserve_hands, preserve_feet, diagnostics }, { preserve_hands: meant, preserve_feet: meant, diagnostics: meant }, spelled);
      }
      const maybe = multipart([['person_image', { bytes: person }], ['garment_image', { bytes: blue }], ['diagnostics', 'maybe']]);
      assertError(await request(`${server.url}/v1/tryon`, { method: 'POST', body: maybe }), 'invalid_parameter', 'diagnostics');
    });

    test('a multipart body that is cut off, or has no boundary, is 400 invalid_request_body (found by the fuzz run)', async () => {
      const form = multipart([['person_image', { bytes: person }], ['garment_image', { bytes: blue }]]);
      const whole = new Response(form);
      const type = whole.headers.get('content-type')!;
      const bytes = Buffer.from(await whole.arrayBuffer());
      const cut = await request(`${server.url}/v1/tryon`, { method: 'POST', headers: { 'content-type': type }, body: bytes.subarray(0, bytes.length / 2) });
      assertError(cut, 'invalid_request_body');
      const unbounded = await request(`${server.url}/v1/tryon`, { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: bytes });
      assertError(unbounded, 'invalid_request_body');
    });

    test('X-Request-Id is echoed, and one is made when absent', async () => {
      const given = await request(`${server.url}/healthz`, { headers: { 'x-request-id': 'client-trace-42' } });
      assert.equal(given.headers.get('x-request-id'), 'client-trace-42');
      const made = await request(`${server.url}/healthz`);
      assert.match(made.headers.get('x-request-id') ?? '', /^req_[0-9a-z]{26}$/);
    });
  });
}
