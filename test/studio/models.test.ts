/**
 * The studio's model gallery (../shared/specs/huhu-public-api-v1.txt,
 * "Models") on a real server over HTTP: POST/GET /model with attributes and
 * filters, POST /model/image mode 2 (base64 and URL, view_type and crop_type
 * read from the pose on fixture photos, expected from looking at them),
 * every parameter's default, limit and error with the studio's literal
 * statuses, the generative modes' 501 with nothing charged, tenant isolation
 * and program sharing.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { newUuid7 } from '../../src/ids.js';
import { shareProgram } from '../../src/studio/program-shares.js';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { STUDIO_STATUS } from '../support/expected-statuses.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertStudioError, fixture, local as localUrl, studio } from './support.js';

// Looked at: a man standing, whole figure with the head; a woman cropped at the chin, feet in the picture;
// a man from the thighs up; a garment alone on a plain background.
const FULL_BODY = fixture('persons', '1.jpg');
const HEAD_CROPPED = fixture('persons', '0347.jpg');
const UPPER_BODY = fixture('persons', 'model_1.png');
const GARMENT = fixture('garments', '00055_00.jpg');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

for (const kind of await databaseKinds()) {
  describe(`studio models (${kind})`, () => {
    let server: TestServer;
    let images: Server;
    let imagesUrl: string;
    const local = (url: string) => localUrl(url, server);
    before(async () => {
      server = await startTestServer(kind, { URL_FETCH_ALLOWLIST: '127.0.0.1/32' });
      // A photo host for image_url (allowed by URL_FETCH_ALLOWLIST).
      images = createServer((request, response) => {
        if (request.url === '/model.jpg') response.writeHead(200, { 'content-type': 'image/jpeg' }).end(FULL_BODY);
        else response.writeHead(404).end();
      });
      await new Promise<void>((done) => images.listen(0, '127.0.0.1', done));
      imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    });
    after(async () => {
      images?.close();
      await server?.stop();
    });

    test('POST /model: the document’s fields, case-insensitive words, every error', async () => {
      const api = studio(server.url, (await newTeam(server)).key);
      const created = await api.post('/model', {
        model_name: 'Caucasian Plus-Size Woman',
        model_type: 'Women',
        model_size: 'Plus size',
        attributes: { ethnicity: 'Caucasian', age_range: 'Middle-aged', hair_color: 'Blonde', hair_style: 'Long', skin_tone: 'Fair' },
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.equal(created.body.success, true);
      assert.match(created.body.model_id, UUID);
      // only model_name is required; words are matched whatever their case and answered in the document's spelling
      const bare = await api.post('/model', { model_name: 'Bare', model_type: 'men', model_size: 'plus SIZE' });
      assert.equal(bare.status, 200);
      const listed = await api.get('/model');
      assert.equal(listed.status, 200);
      assert.equal(listed.body.pagination_token, null);
      assert.deepEqual(
        listed.body.models.map((model: any) => [model.model_name, model.model_type, model.model_size, model.attributes]),
        [
          ['Caucasian Plus-Size Woman', 'Women', 'Plus size', { ethnicity: 'Caucasian', age_range: 'Middle-aged', hair_color: 'Blonde', hair_style: 'Long', skin_tone: 'Fair' }],
          ['Bare', 'Men', 'Plus size', {}],
        ],
      );
      assert.ok(Math.abs(listed.body.models[0].create_time - Date.now()) < 60_000, 'create_time is epoch ms');

      assert.equal(STUDIO_STATUS.missing_parameter, 422);
      assertStudioError(await api.post('/model', {}), 422, 'missing_parameter');
      assertStudioError(await api.post('/model', { model_name: '  ' }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model', { model_name: 'x'.repeat(201) }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model', { model_name: 'A', model_type: 'Alien' }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model', { model_name: 'A', model_size: 'Huge' }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model', { model_name: 'A', attributes: { shoe_size: '42' } }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model', { model_name: 'A', attributes: { ethnicity: 'x'.repeat(101) } }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model', { model_name: 'A', program_id: '00000000-0000-7000-8000-000000000000' }), 404, 'not_found');
    });

    test('GET /model: filters (case-insensitive, combined), pagination_token, fetch_all', async () => {
      const team = await newTeam(server);
      const api = studio(server.url, team.key);
      const models = [
        { model_name: 'Dae Nakamura', model_type: 'Women', attributes: { ethnicity: 'East Asian', age_range: 'Young Adult', hair_color: 'Black', skin_tone: 'Light' } },
        { model_name: 'Ana', model_type: 'Women', model_size: 'Petit', attributes: { ethnicity: 'Hispanic', age_range: 'Young', hair_color: 'Brown', skin_tone: 'Olive', eye_color: 'Green' } },
        { model_name: 'Tom', model_type: 'Men', attributes: { ethnicity: 'Black', age_range: 'Senior', hair_color: 'Black', skin_tone: 'Dark' } },
      ];
      for (const model of models) assert.equal((await api.post('/model', model)).status, 200);
      const names = async (query: string) => {
        const got = await api.get(`/model${query}`);
        assert.equal(got.status, 200, JSON.stringify(got.body));
        return got.body.models.map((model: { model_name: string }) => model.model_name);
      };
      assert.deepEqual(await names(''), ['Dae Nakamura', 'Ana', 'Tom']);
      assert.deepEqual(await names('?model_type=Women'), ['Dae Nakamura', 'Ana']);
      assert.deepEqual(await names('?model_type=women&hair_color=black'), ['Dae Nakamura']);
      assert.deepEqual(await names('?hair_color=Black'), ['Dae Nakamura', 'Tom']);
      assert.deepEqual(await names('?ethnicity=East%20Asian'), ['Dae Nakamura']);
      assert.deepEqual(await names('?age_range=Senior&skin_tone=Dark'), ['Tom']);
      assert.deepEqual(await names('?model_size=Petit'), ['Ana']);
      assert.deepEqual(await names('?eye_color=green&hair_style=Long'), []);
      assert.deepEqual(await names('?skin_tone=Fair'), []);
      assertStudioError(await api.get('/model?model_type=Robots'), 422, 'invalid_parameter');
      assertStudioError(await api.get('/model?pagination_token=garbage'), 422, 'invalid_parameter');
      assertStudioError(await api.get('/model?fetch_all=maybe'), 422, 'invalid_parameter');

      // 105 models: a page of 100 with a token, then 5; fetch_all has them all.
      const program = (await api.get('/program')).body.programs[0].program_id as string;
      const more = Array.from({ length: 102 }, (_, i) => [newUuid7(), program, `M${i}`]);
      await server.db.query(
        `INSERT INTO studio_models (id, program_id, name) VALUES ${more.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(', ')}`,
        more.flat(),
      );
      const first = await api.get('/model');
      assert.equal(first.body.models.length, 100);
      assert.equal(typeof first.body.pagination_token, 'string');
      const second = await api.get(`/model?pagination_token=${first.body.pagination_token}`);
      assert.equal(second.body.models.length, 5);
      assert.equal(second.body.pagination_token, null);
      const all = await api.get('/model?fetch_all=true');
      assert.equal(all.body.models.length, 105);
      assert.equal(all.body.pagination_token, null);
    });

    test('POST /model/image mode 2: base64 and URL, view and crop from the pose, images listed with model_id', async () => {
      const api = studio(server.url, (await newTeam(server)).key);
      const modelId = (await api.post('/model', { model_name: 'Gallery' })).body.model_id as string;
      const save = (body: object) => api.post('/model/image', { model_id: modelId, style_id: 'style-1', ...body });

      const full = await save({ file_data: FULL_BODY.toString('base64') });
      assert.equal(full.status, 200, JSON.stringify(full.body));
      assert.equal(full.body.success, true);
      assert.match(full.body.image_id, UUID);
      assert.deepEqual([full.body.view_type, full.body.crop_type], ['front_facing', 'fullbody']);
      const download = await fetch(local(full.body.image_url));
      assert.equal(download.status, 200);
      assert.equal((await sharp(Buffer.from(await download.arrayBuffer())).metadata()).format, 'jpeg');

      const cropped = await save({ file_data: `data:image/jpeg;base64,${HEAD_CROPPED.toString('base64')}` });
      assert.deepEqual([cropped.body.view_type, cropped.body.crop_type], ['front_facing', 'head_half_cropped']);
      const upper = await save({ file_data: UPPER_BODY.toString('base64') });
      assert.deepEqual([upper.body.view_type, upper.body.crop_type], ['front_facing', 'top']);
      // no person: saved, view and crop null as the document allows
      const garment = await save({ file_data: GARMENT.toString('base64') });
      assert.equal(garment.status, 200, JSON.stringify(garment.body));
      assert.deepEqual([garment.body.view_type, garment.body.crop_type], [null, null]);
      // a URL goes through the SSRF guard (this host is on the allowlist)
      const fetched = await save({ image_url: `${imagesUrl}/model.jpg`, style_id: 'style-2' });
      assert.equal(fetched.status, 200, JSON.stringify(fetched.body));
      assert.deepEqual([fetched.body.view_type, fetched.body.crop_type], ['front_facing', 'fullbody']);

      const listed = await api.get(`/model?model_id=${modelId}`);
      assert.equal(listed.status, 200);
      assert.equal(listed.body.pagination_token, null);
      assert.deepEqual(
        listed.body.model_images.map((image: any) => [image.model_image_id, image.model_id, image.style_id, image.view_type, image.crop_type]),
        [
          [full.body.image_id, modelId, 'style-1', 'front_facing', 'fullbody'],
          [cropped.body.image_id, modelId, 'style-1', 'front_facing', 'head_half_cropped'],
          [upper.body.image_id, modelId, 'style-1', 'front_facing', 'top'],
          [garment.body.image_id, modelId, 'style-1', null, null],
          [fetched.body.image_id, modelId, 'style-2', 'front_facing', 'fullbody'],
        ],
      );
      assert.equal((await fetch(local(listed.body.model_images[0].model_image_url))).status, 200);
      assert.equal((await api.get(`/model?model_id=${modelId}&fetch_all=1`)).body.model_images.length, 5);
    });

    test('a gallery image is a task’s model_image (PUT /task), as the document’s workflow has it', async () => {
      const api = studio(server.url, (await newTeam(server)).key);
      const modelId = (await api.post('/model', { model_name: 'For tasks' })).body.model_id as string;
      const saved = await api.post('/model/image', { model_id: modelId, style_id: 's', file_data: FULL_BODY.toString('base64') });
      const projectId = (await api.post('/project', { project_name: 'Spring' })).body.project_id as string;
      const upload = await api.post('/project/upload', { project_id: projectId, file_type: 'garment_image', file_data: GARMENT.toString('base64') });
      assert.equal(upload.status, 200, JSON.stringify(upload.body));
      const skuId = (await api.get(`/sku?project_id=${projectId}`)).body.skus[0].sku_id as string;
      assert.deepEqual((await api.post('/task', { project_id: projectId, sku_ids: [skuId] })).body, { message: 'success' });
      const taskId = (await api.get('/task')).body.skus[0].tasks[0].task_id as string;
      const set = await api.put('/task', { project_id: projectId, sku_id: skuId, task_id: taskId, model_id: modelId, model_image: saved.body.image_id });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      const detail = await api.get(`/task?project_id=${projectId}&sku_id=${skuId}&task_id=${taskId}`);
      assert.equal(detail.body.model_image, saved.body.image_id);
      // another team's gallery image is not this program's
      const theirs = studio(server.url, (await newTeam(server)).key);
      const theirModel = (await theirs.post('/model', { model_name: 'Theirs' })).body.model_id as string;
      const theirImage = (await theirs.post('/model/image', { model_id: theirModel, style_id: 's', file_data: UPPER_BODY.toString('base64') })).body.image_id as string;
      assertStudioError(await api.put('/task', { project_id: projectId, sku_id: skuId, task_id: taskId, model_image: theirImage }), 404, 'not_found');
    });

    test('POST /model/image mode 2: every error', async () => {
      const api = studio(server.url, (await newTeam(server)).key);
      const modelId = (await api.post('/model', { model_name: 'Errors' })).body.model_id as string;
      const data = FULL_BODY.toString('base64');
      assertStudioError(await api.post('/model/image', {}), 422, 'missing_parameter');
      assertStudioError(await api.post('/model/image', { model_id: modelId, file_data: data }), 422, 'missing_parameter');
      assertStudioError(await api.post('/model/image', { model_id: modelId, style_id: 's' }), 422, 'missing_parameter');
      assertStudioError(await api.post('/model/image', { model_id: modelId, style_id: 's', file_data: data, image_url: `${imagesUrl}/model.jpg` }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model/image', { model_id: newUuid7(), style_id: 's', file_data: data }), 404, 'not_found');
      assertStudioError(await api.post('/model/image', { model_id: modelId, style_id: 's', file_data: 'bm90IGFuIGltYWdl' }), 422, 'unsupported_image_format');
      assertStudioError(await api.post('/model/image', { model_id: modelId, style_id: 's', file_data: 'not base64 at all!' }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model/image', { model_id: modelId, style_id: 's', image_url: 'http://169.254.169.254/latest/meta-data' }), 422, 'url_forbidden');
      assertStudioError(await api.post('/model/image', { model_id: modelId, style_id: 's', image_url: `${imagesUrl}/missing.jpg` }), 422, 'url_fetch_failed');
      const tiny = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#888' } }).png().toBuffer();
      assertStudioError(await api.post('/model/image', { model_id: modelId, style_id: 's', file_data: tiny.toString('base64') }), 422, 'resolution_too_low');
      assertStudioError(await api.get('/model?model_id=00000000-0000-7000-8000-000000000000'), 404, 'not_found');
      assert.deepEqual((await api.get(`/model?model_id=${modelId}`)).body.model_images, [], 'nothing half-saved');
    });

    test('generative modes: validated as documented, then 501 with nothing charged', async () => {
      const api = studio(server.url, (await newTeam(server, { credits: 7 })).key);
      assert.equal(STUDIO_STATUS.not_implemented, 501);
      assertStudioError(await api.post('/model/image', { prompt: 'professional photo of model wearing garment' }), 501, 'not_implemented');
      assertStudioError(await api.post('/model/image', { prompt: 'p', num_output_images: 8, reference_image: 'https://example.com/a.png' }), 501, 'not_implemented');
      assertStudioError(await api.post('/model/image', { prompt: 'p', num_output_images: 9 }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model/image', { prompt: 'p', num_output_images: 0 }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model/image', { prompt: '' }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model/face', {}), 422, 'missing_parameter');
      assertStudioError(await api.post('/model/face', { prompt: 'Headshot', mode: 'precise' }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model/face', { prompt: 'Headshot', num_output_images: 5 }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/model/face', { prompt: 'Headshot', mode: 'fidelity', num_output_images: 4 }), 501, 'not_implemented');
      assertStudioError(await api.post('/model/face', { prompt: 'Headshot' }), 501, 'not_implemented');
      assertStudioError(await api.post('/model/pose', { prompt: 'walking' }), 422, 'missing_parameter');
      assertStudioError(await api.post('/model/pose', { reference_image: 'img' }), 422, 'missing_parameter');
      assertStudioError(await api.post('/model/pose', { prompt: 'walking', reference_image: 'img' }), 501, 'not_implemented');
      assertStudioError(await api.get('/model/image'), 422, 'missing_parameter');
      assertStudioError(await api.get('/model/image?request_id=abc'), 501, 'not_implemented');
      assert.equal((await api.get('/metering/plan')).body.credits, 7);
      assert.deepEqual((await api.get('/metering/credit-history')).body.items, []);
    });

    test('isolation between teams, and a shared program’s models readable by both', async () => {
      const owner = await newTeam(server, { name: 'Owner' });
      const other = await newTeam(server, { name: 'Other' });
      const api = studio(server.url, owner.key);
      const them = studio(server.url, other.key);
      const brand = (await api.post('/program', { program_name: 'Brand' })).body.program_id as string;
      const modelId = (await api.post('/model', { model_name: 'Shared', model_type: 'Women', program_id: brand })).body.model_id as string;
      const saved = await api.post('/model/image', { model_id: modelId, style_id: 's', file_data: UPPER_BODY.toString('base64'), program_id: brand });
      assert.equal(saved.status, 200);

      // another team's program and model: 403; its own default program does not show them
      assertStudioError(await them.get(`/model?program_id=${brand}`), 403, 'forbidden');
      assertStudioError(await them.get(`/model?model_id=${modelId}`), 403, 'forbidden');
      assertStudioError(await them.post('/model', { model_name: 'x', program_id: brand }), 403, 'forbidden');
      assertStudioError(await them.post('/model/image', { model_id: modelId, style_id: 's', file_data: UPPER_BODY.toString('base64') }), 403, 'forbidden');
      assert.deepEqual((await them.get('/model')).body.models, []);
      // the model in its own program only: asked in another program it is not there
      const own = (await api.get('/program?owned=true')).body.programs.find((program: { program_name: string }) => program.program_name === 'Default');
      assertStudioError(await api.get(`/model?model_id=${modelId}&program_id=${own.program_id}`), 404, 'not_found');

      await shareProgram(server.db, server.teams, brand, other.teamId);
      const models = await them.get(`/model?program_id=${brand}&model_type=women`);
      assert.equal(models.status, 200);
      assert.deepEqual(models.body.models.map((model: { model_id: string }) => model.model_id), [modelId]);
      const theirImages = await them.get(`/model?model_id=${modelId}`);
      assert.deepEqual(theirImages.body.model_images.map((image: { model_image_id: string }) => image.model_image_id), [saved.body.image_id]);
      // the link opens for the team it is shared with, even with its key sent
      const link = local(theirImages.body.model_images[0].model_image_url);
      assert.equal((await fetch(link, { headers: { authorization: `Bearer ${other.key}` } })).status, 200);
      // reading only: the owner alone writes
      assertStudioError(await them.post('/model', { model_name: 'x', program_id: brand }), 403, 'forbidden');
      assertStudioError(await them.post('/model/image', { model_id: modelId, style_id: 's', file_data: UPPER_BODY.toString('base64') }), 403, 'forbidden');
    });
  });
}
