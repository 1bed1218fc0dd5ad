import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('service endpoints', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite');
  });
  after(async () => server.stop());

  test('healthz and readyz', async () => {
    assert.deepEqual((await request(`${server.url}/healthz`)).body, { status: 'ok' });
    const ready = await request(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: 'ready', checks: { database: 'ok', storage: 'ok', engine: 'ok' } });
  });

  test('metrics: requests, latency, jobs by state, queue depth and engine stages', async () => {
    await request(`${server.url}/v1/tryon?wait=20`, {
      method: 'POST',
      json: { person_image: dataUri(await personImage()), garment_image: dataUri(await solidImage(300, 300, { r: 5, g: 5, b: 5 })) },
    });
    await request(`${server.url}/v1/account`, { key: null });
    const metrics = await request(`${server.url}/metrics`);
    assert.equal(metrics.status, 200);
    const text = metrics.body as string;
    assert.match(text, /http_requests_total\{method="POST",route="\/v1\/tryon",status="200"\} 1/);
    assert.match(text, /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/readyz"\}|http_request_duration_seconds_bucket/);
    assert.match(text, /jobs\{state="completed"\} 1/);
    assert.match(text, /queue_depth 0/);
    assert.match(text, /engine_stage_duration_seconds_count\{stage="pose"\} 1/);
    assert.match(text, /http_errors_total\{code="invalid_auth_token"\} 1/);
  });

  test('openapi.json is OpenAPI 3.1 generated from the routes, and /docs serves the UI', async () => {
    const spec = (await request(`${server.url}/openapi.json`)).body;
    assert.equal(spec.openapi, '3.1.0');
    for (const path of ['/v1/tryon', '/v1/jobs/{id}', '/v1/jobs', '/v1/jobs/{id}/cancel', '/v1/jobs/{id}/webhooks', '/healthz']) {
      assert.ok(spec.paths[path], `documents ${path}`);
    }
    const tryon = spec.paths['/v1/tryon'].post;
    assert.ok(tryon.requestBody.content['application/json']);
    assert.ok(tryon.requestBody.content['multipart/form-data']);
    assert.ok(tryon.responses['202']);
    const refs = new Set<string>();
    JSON.stringify(spec, (key, value) => (key === '$ref' && refs.add(value), value));
    assert.ok(refs.size > 10, 'request and response schemas are shared components');
    for (const ref of refs) assert.ok(spec.components.schemas[ref.replace('#/components/schemas/', '')], `${ref} resolves`);
    const dialectTags: Record<string, string> = {
      '/tryon/v1': 'huhu',
      '/requests/v1': 'huhu',
      '/v1/try-on': 'pixelcut',
      '/v1/try-on/{job_id}': 'pixelcut',
      '/api/v1/tryon': 'glam',
      '/api/v1/tryon/{event_id}': 'glam',
      '/api/portrait/enhance/try-on-clothes-refiner': 'ailabtools',
      '/api/common/query-async-task-result': 'ailabtools',
      '/v1/run': 'fashn',
      '/v1/status/{id}': 'fashn',
      '/v1/credits': 'fashn',
    };
    for (const [path, tag] of Object.entries(dialectTags)) {
      for (const operation of Object.values(spec.paths[path] ?? {}) as { tags: string[] }[]) assert.deepEqual(operation.tags, [tag], path);
      assert.ok(spec.paths[path], `documents ${path}`);
      assert.ok(spec.tags.some((declared: { name: string }) => declared.name === tag), `declares the ${tag} tag`);
    }
    const docs = await fetch(`${server.url}/docs`, { redirect: 'follow' });
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger/i);
  });
});
