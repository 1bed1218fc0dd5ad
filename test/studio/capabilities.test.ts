/**
 * Drape's own studio routes on a real server: /public/v1/capabilities (from
 * the declared engines), /video and /video/requests (validated, then 501,
 * nothing charged), an upscale refused with 501 where no engine serves it,
 * and the agents' references (/openapi.json, /skill.md) made from the same
 * route schemas.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { newTeam } from '../support/accounts.js';
import { STUDIO_STATUS } from '../support/expected-statuses.js';
import { solidImage } from '../support/images.js';
import { startTestServer, TEST_ENGINE, type TestServer } from '../support/server.js';
import { assertStudioError, studio } from './support.js';

const GENERATIVE = ['face_generation', 'model_image_generation', 'pose_generation', 'video', 'face_swap', 'background_change', 'hand_foot_fix', 'ghost_mannequin', 'prompt_generation', 'inpainting', 'logo_transfer'];

describe('studio capabilities, video and the agents’ references (default engines)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite');
  });
  after(async () => server?.stop());

  test('GET /capabilities: try-on and upscale run on the built-in engine group; every generative operation does not', async () => {
    const api = studio(server.url, (await newTeam(server)).key);
    const got = await api.get('/capabilities');
    assert.equal(got.status, 200, JSON.stringify(got.body));
    const byName = new Map(got.body.operations.map((each: { operation: string }) => [each.operation, each]));
    assert.deepEqual(byName.get('tryon'), { operation: 'tryon', available: true, routes: ['POST /task/generate'], credits: 1, engines: ['builtin'] });
    assert.deepEqual(byName.get('upscale'), { operation: 'upscale', available: true, routes: ['POST /upscale', 'GET /upscale'], credits: 2, engines: ['builtin'] });
    assert.deepEqual([...byName.keys()].sort(), ['tryon', 'upscale', ...GENERATIVE].sort());
    for (const name of GENERATIVE) {
      const each = byName.get(name) as { available: boolean; engines: string[]; reason: string };
      assert.equal(each.available, false, name);
      assert.deepEqual(each.engines, [], name);
      assert.match(each.reason, /generative operation/, name);
    }
    assert.equal((byName.get('video') as { credits: number }).credits, 25);
  });

  test('POST /video and GET /video/requests: malformed requests 422, well-formed ones 501, nothing charged', async () => {
    const api = studio(server.url, (await newTeam(server, { credits: 100 })).key);
    const video = { project_id: 'p1', sku_id: 's1', video_length: '5', prompt: 'turns slowly', first_frame_image: { image_id: 'img1' } };
    assertStudioError(await api.post('/video', { ...video, prompt: undefined }), STUDIO_STATUS.missing_parameter, 'missing_parameter');
    assertStudioError(await api.post('/video', { ...video, video_length: '7' }), STUDIO_STATUS.invalid_parameter, 'invalid_parameter');
    assertStudioError(await api.post('/video', { ...video, video_length: 5 }), STUDIO_STATUS.invalid_parameter, 'invalid_parameter');
    assertStudioError(await api.post('/video', { ...video, first_frame_image: {} }), STUDIO_STATUS.invalid_parameter, 'invalid_parameter');
    assertStudioError(await api.post('/video', { ...video, first_frame_image: { image_id: 'a', image_base64: 'b' } }), STUDIO_STATUS.invalid_parameter, 'invalid_parameter');
    const refused = await api.post('/video', video);
    assertStudioError(refused, STUDIO_STATUS.not_implemented, 'not_implemented');
    assert.match(refused.body.detail, /video is not available on this server.*Nothing was charged/);
    assertStudioError(await api.post('/video', { ...video, video_length: '10', first_frame_image: { image_base64: 'aGVsbG8=' } }), STUDIO_STATUS.not_implemented, 'not_implemented');
    assertStudioError(await api.get('/video/requests?limit=0'), STUDIO_STATUS.invalid_parameter, 'invalid_parameter');
    assertStudioError(await api.get('/video/requests'), STUDIO_STATUS.not_implemented, 'not_implemented');
    assertStudioError(await api.get('/video/requests?limit=20&pagination_token=x'), STUDIO_STATUS.not_implemented, 'not_implemented');
    assert.equal((await api.get('/metering/plan')).body.credits, 100);
  });

  test('GET /openapi.json: the studio routes only, relative to /public/v1, with their schemas', async () => {
    const api = studio(server.url, (await newTeam(server)).key);
    const got = await api.get('/openapi.json');
    assert.equal(got.status, 200);
    const spec = got.body;
    assert.equal(spec.servers[0].url, `${server.config.PUBLIC_URL}/public/v1`);
    for (const path of ['/metering/plan', '/program', '/project/upload', '/task/generate', '/upscale', '/video', '/video/requests', '/capabilities', '/skill.md']) {
      assert.ok(spec.paths[path], `${path} is in the document`);
    }
    assert.ok(!Object.keys(spec.paths).some((path) => path.startsWith('/v1/') || path.startsWith('/public/v1')), Object.keys(spec.paths).join(', '));
    for (const item of Object.values(spec.paths) as Record<string, { tags: string[] }>[]) {
      for (const operation of Object.values(item)) assert.ok(operation.tags.includes('studio'));
    }
    const upscale = spec.paths['/upscale'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(upscale.required, ['image']);
    assert.deepEqual([upscale.properties.upscale_factor.minimum, upscale.properties.upscale_factor.maximum, upscale.properties.upscale_factor.default], [1, 4, 2]);
    assert.deepEqual([upscale.properties.num_images.minimum, upscale.properties.num_images.maximum, upscale.properties.num_images.default], [1, 4, 1]);
    assert.ok(spec.paths['/upscale'].get.parameters.some((each: { name: string; required: boolean }) => each.name === 'request_id' && each.required));
  });

  test('GET /skill.md: every route of the OpenAPI document, each parameter, the capabilities and the errors', async () => {
    const api = studio(server.url, (await newTeam(server)).key);
    const got = await api.get('/skill.md');
    assert.equal(got.status, 200);
    assert.match(got.headers.get('content-type') ?? '', /^text\/markdown/);
    const text = got.body as string;
    const spec = (await api.get('/openapi.json')).body;
    for (const [path, item] of Object.entries(spec.paths) as [string, Record<string, unknown>][]) {
      for (const method of Object.keys(item)) assert.ok(text.includes(`### ${method.toUpperCase()} ${path}\n`), `${method} ${path} has a section`);
    }
    assert.ok(text.includes('| upscale_factor | body | number 1–4 | no | 2 | Scale factor, 1–4 (default 2). |'), 'the upscale factor row');
    assert.ok(text.includes('| request_id | query | string | yes |'), 'the poll’s request_id row');
    assert.ok(text.includes('| video_length | body | "5" \\| "10" | yes |'), 'the video length row');
    assert.ok(text.includes('| upscale | yes | 2 | POST /upscale, GET /upscale |'), 'the upscale capability');
    assert.ok(text.includes('| video | no | 25 |'), 'the video capability');
    assert.match(text, /\| 501 \| not_implemented \|/);
    assert.match(text, /\| 402 \| insufficient_credits \|/);
    assert.match(text, /BASE: http.*\/public\/v1\./);
  });
});

describe('studio capabilities without an upscaling engine', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drape-engines-'));
    const file = join(dir, 'engines.yaml');
    await writeFile(file, ['engines:', '  - kind: builtin', '    name: local', `    module: ${TEST_ENGINE}`, '    operations: [tryon, refine]', ''].join('\n'));
    server = await startTestServer('pglite', { ENGINES_FILE: file });
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('upscale is reported unavailable, and POST /upscale is 501 with nothing charged', async () => {
    const api = studio(server.url, (await newTeam(server, { credits: 10 })).key);
    const capabilities = (await api.get('/capabilities')).body.operations as { operation: string; available: boolean; engines: string[]; reason?: string }[];
    const upscale = capabilities.find((each) => each.operation === 'upscale')!;
    assert.deepEqual([upscale.available, upscale.engines], [false, []]);
    assert.match(upscale.reason!, /No engine of this server serves the upscale operation/);
    assert.deepEqual(capabilities.find((each) => each.operation === 'tryon')?.engines, ['local']);
    const image = (await solidImage(40, 30, { r: 10, g: 120, b: 200 }, 'png')).toString('base64');
    assertStudioError(await api.post('/upscale', { image }), STUDIO_STATUS.not_implemented, 'not_implemented');
    // Validation still comes first.
    assertStudioError(await api.post('/upscale', { image, upscale_factor: 9 }), STUDIO_STATUS.invalid_parameter, 'invalid_parameter');
    assert.equal((await api.get('/metering/plan')).body.credits, 10);
  });
});
