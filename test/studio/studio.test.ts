/**
 * The Huhu studio public API v1 (../shared/specs/huhu-public-api-v1.txt) on a
 * real server over HTTP, on PGlite and PostgreSQL, with the test engine
 * (the try-on's pixels do not matter here; the garment classification is the
 * built-in engine's own analysis on fixture photos): the document's workflow
 * (credits → project → uploads → SKUs → tasks → model image → generate →
 * poll → outputs), its statuses and shapes, tenant isolation and sharing,
 * SKU archives good and hostile.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { newUuid7 } from '../../src/ids.js';
import { newTeam } from '../support/accounts.js';
import { runCli } from '../support/cli.js';
import { databaseKinds } from '../support/databases.js';
import { request, until } from '../support/http.js';
import { personImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertStudioError, fixture, local as localUrl, studio, taskUntil, uploadZip, zip } from './support.js';

const TOP = fixture('garments', '00055_00.jpg');
/** A plain black off-shoulder top (no print, nothing seen through its neckline): the picture does not tell front from back, the file name does. */
const PLAIN_TOP = fixture('garments', '050002_1.jpg');
const TROUSERS = fixture('garments', '051412_1.jpg');
const MODEL = fixture('persons', '049205_0.jpg');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

for (const kind of await databaseKinds()) {
  describe(`studio API (${kind})`, () => {
    let server: TestServer;
    const local = (url: string) => localUrl(url, server);
    before(async () => {
      // The document's defaults for a new team: 50 credits, 10 concurrent slots.
      server = await startTestServer(kind, { NEW_TEAM_CREDITS: '50', CONCURRENCY_LIMIT: '10' });
    });
    after(async () => server?.stop());

    test('keys: none or a wrong one is 401 in the studio error shape; routes not run yet are 501', async () => {
      const none = await request(`${server.url}/public/v1/metering/plan`, { key: null });
      assertStudioError(none, 401, 'invalid_auth_token');
      assertStudioError(await studio(server.url, 'sk_nope').get('/metering/plan'), 401, 'invalid_auth_token');
      const api = studio(server.url, (await newTeam(server, { name: 'Upscaler', credits: 5 })).key);
      assertStudioError(await api.post('/model/face', { prompt: 'a face' }), 501, 'not_implemented');
      const video = { project_id: 'p', sku_id: 's', video_length: '5', prompt: 'walks', first_frame_image: { image_id: 'i' } };
      assertStudioError(await api.post('/video', video), 501, 'not_implemented');
      assert.equal((await api.get('/metering/plan')).body.credits, 5);
    });

    test('a new team: 50 credits, 10 concurrent slots, a default program, epoch-ms timestamps', async () => {
      const team = await server.teams.create('Fresh');
      const { key } = await server.keys.create(team.id, 'studio');
      const api = studio(server.url, key);
      const plan = await api.get('/metering/plan');
      assert.equal(plan.status, 200);
      assert.deepEqual(plan.body, { credits: 50, plan_status: 'free', concurrent_requests: 10, plan_name: null, subscription_id: null });
      const programs = await api.get('/program');
      assert.equal(programs.status, 200);
      assert.equal(programs.body.programs.length, 1);
      assert.equal(programs.body.pagination_token, null);
      const [program] = programs.body.programs;
      assert.match(program.program_id, UUID);
      assert.ok(Math.abs(program.create_time - Date.now()) < 60_000, `create_time ${program.create_time} is epoch ms`);
      const history = await api.get('/metering/credit-history');
      assert.deepEqual(history.body, { items: [], pagination_token: null });
    });

    test('programs: create, owned=true, pagination over many, and sharing with another team', async () => {
      const owner = await newTeam(server, { name: 'Owner' });
      const other = await newTeam(server, { name: 'Other' });
      const api = studio(server.url, owner.key);
      const them = studio(server.url, other.key);
      const created = await api.post('/program', { program_name: 'My New Brand' });
      assert.equal(created.status, 200);
      assert.equal(created.body.program_name, 'My New Brand');
      assert.equal(typeof created.body.create_time, 'number');
      const brand = created.body.program_id as string;
      assertStudioError(await api.post('/program', {}), 422, 'missing_parameter');

      // Another team's program: 403 for reading and for writing in it.
      assertStudioError(await them.get(`/project?program_id=${brand}`), 403, 'forbidden');
      assertStudioError(await them.post('/project', { project_name: 'x', program_id: brand }), 403, 'forbidden');
      assertStudioError(await them.get(`/metering/plan?program_id=${brand}`), 403, 'forbidden');
      assertStudioError(await api.get('/project?program_id=00000000-0000-7000-8000-000000000000'), 404, 'not_found');
      const project = await api.post('/project', { project_name: 'Spring', program_id: brand });
      assert.equal(project.status, 200);

      if (kind === 'postgres') {
        // The admin command, on the same database as the running server.
        const shared = await runCli(['program', 'share', brand, other.teamId, '--json'], { DATABASE_URL: server.database.env.DATABASE_URL! });
        assert.equal(shared.code, 0, shared.stderr);
        assert.deepEqual(JSON.parse(shared.stdout), { program_id: brand, team_id: other.teamId, shared: true });
      } else {
        const { shareProgram } = await import('../../src/studio/program-shares.js');
        await shareProgram(server.db, server.teams, brand, other.teamId);
      }
      const listed = await them.get('/program');
      assert.deepEqual(listed.body.programs.map((each: { program_name: string }) => each.program_name).sort(), ['Default', 'My New Brand']);
      const owned = await them.get('/program?owned=true');
      assert.deepEqual(owned.body.programs.map((each: { program_name: string }) => each.program_name), ['Default']);
      // Readable by both teams; the owner's credits answer for a shared program; only the owner writes.
      const projects = await them.get(`/project?program_id=${brand}`);
      assert.equal(projects.status, 200);
      assert.deepEqual(projects.body.projects.map((each: { project_name: string }) => each.project_name), ['Spring']);
      assert.equal((await them.get(`/metering/plan?program_id=${brand}`)).body.credits, 1000);
      assertStudioError(await them.post('/project', { project_name: 'x', program_id: brand }), 403, 'forbidden');
      assertStudioError(await them.get('/program?pagination_token=garbage'), 422, 'invalid_parameter');

      // 105 programs: a page of 100 with a token, then the rest; fetch_all has them all (103 written at once, not 103 requests).
      const more = Array.from({ length: 103 }, (_, i) => [newUuid7(), owner.teamId, `P${i}`]);
      await server.db.query(
        `INSERT INTO studio_programs (id, team_id, name) VALUES ${more.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(', ')}`,
        more.flat(),
      );
      const first = await api.get('/program?owned=true');
      assert.equal(first.body.programs.length, 100);
      assert.equal(typeof first.body.pagination_token, 'string');
      const second = await api.get(`/program?owned=true&pagination_token=${first.body.pagination_token}`);
      assert.equal(second.body.programs.length, 5);
      assert.equal(second.body.pagination_token, null);
      const all = await api.get('/program?owned=true&fetch_all=true');
      assert.equal(all.body.programs.length, 105);
      assert.equal(new Set(all.body.programs.map((each: { program_id: string }) => each.program_id)).size, 105);
    });

    test('the workflow: project, garment and model uploads, classified SKUs, front and back tasks, generation, outputs, credits', async () => {
      const team = await newTeam(server, { name: 'Workflow', credits: 20 });
      const api = studio(server.url, team.key);
      const project = await api.post('/project', { project_name: 'Spring' });
      assert.equal(project.status, 200);
      assert.equal(project.body.project_status, 'Created');
      const projectId = project.body.project_id as string;

      // A single garment photo: a SKU of its own.
      const single = await api.post('/project/upload', { project_id: projectId, file_type: 'garment_image', file_data: TOP.toString('base64') });
      assert.equal(single.status, 200, JSON.stringify(single.body));
      assert.equal(single.body.success, true);
      assertStudioError(await api.post('/project/upload', { project_id: projectId, file_type: 'garment_image', file_data: 'bm90IGFuIGltYWdl' }), 422, 'unsupported_image_format');
      assertStudioError(await api.post('/project/upload', { project_id: projectId, file_type: 'garment_image' }), 422, 'missing_parameter');
      assertStudioError(await api.post('/project/upload', { project_id: projectId, file_type: 'pdf', file_data: 'x' }), 422, 'invalid_parameter');

      // An archive: one folder per SKU; a top photographed front and back (named so), and trousers.
      const archive = await zip([
        ['blouse/front.jpg', PLAIN_TOP],
        ['blouse/back.jpg', PLAIN_TOP],
        ['trousers/trousers.jpg', TROUSERS],
        ['__MACOSX/blouse/._front.jpg', Buffer.from('resource fork')],
      ]);
      const completed = await uploadZip(api, projectId, local, archive);
      assert.equal(completed.status, 200, JSON.stringify(completed.body));
      assert.deepEqual(completed.body, { message: 'success' });

      const skus = await api.get(`/sku?project_id=${projectId}`);
      assert.equal(skus.status, 200);
      assert.equal(skus.body.pagination_token, null);
      const byName = new Map<string, any>(skus.body.skus.map((sku: { sku_name: string }) => [sku.sku_name, sku]));
      assert.deepEqual([...byName.keys()].sort(), ['blouse', single.body.image_id, 'trousers'].sort());
      assert.equal(byName.get('trousers').garment_type, 'Bottom');
      const blouse = byName.get('blouse');
      assert.equal(blouse.garment_type, 'Top');
      const detail = await api.get(`/sku?project_id=${projectId}&sku_id=${blouse.sku_id}`);
      const images = detail.body.skus[0].garment_images as any[];
      assert.deepEqual(images.map((image) => [image.garment_type, image.view, image.presentation]).sort(), [
        ['Top', 'back', 'flatlay_clean'],
        ['Top', 'front', 'flatlay_clean'],
      ]);
      for (const image of images) {
        assert.ok(image.confidence.garment_type > 0.5 && image.confidence.garment_type <= 1, JSON.stringify(image.confidence));
        const download = await fetch(local(image.image_url));
        assert.equal(download.status, 200);
        assert.equal((await sharp(Buffer.from(await download.arrayBuffer())).metadata()).format, 'jpeg');
      }

      // PUT /sku: the garment type (and model, style) as the client says.
      const updated = await api.put('/sku', { sku_ids: [byName.get('trousers').sku_id], garment_type: 'Full body', style_id: 's1' });
      assert.deepEqual(updated.body, { message: 'success' });
      const trousers = await api.get(`/sku?project_id=${projectId}&sku_id=${byName.get('trousers').sku_id}`);
      assert.equal(trousers.body.skus[0].garment_type, 'Full body');
      assert.equal(trousers.body.skus[0].style_id, 's1');
      assertStudioError(await api.put('/sku', { sku_ids: [blouse.sku_id], garment_type: 'Hat' }), 422, 'invalid_parameter');

      // Tasks from the pairing: front and back for the blouse; twice makes no twins.
      assert.deepEqual((await api.post('/task', { project_id: projectId, sku_ids: [blouse.sku_id] })).body, { message: 'success' });
      await api.post('/task', { project_id: projectId, sku_ids: [blouse.sku_id] });
      const listed = await api.get('/task');
      assert.equal(listed.status, 200);
      const blouseTasks = listed.body.skus.find((sku: { sku_name: string }) => sku.sku_name === 'blouse').tasks as any[];
      assert.deepEqual(blouseTasks.map((task) => [task.view, task.task_status]).sort(), [
        ['back', 'Task created'],
        ['front', 'Task created'],
      ]);
      const front = blouseTasks.find((task) => task.view === 'front').task_id as string;
      const back = blouseTasks.find((task) => task.view === 'back').task_id as string;

      // Generation needs a model image.
      assertStudioError(await api.post('/task/generate', { project_id: projectId, task_ids: [front] }), 422, 'missing_parameter');
      const model = await api.post('/project/upload', { project_id: projectId, file_type: 'model_image', file_data: MODEL.toString('base64') });
      assert.equal(model.status, 200);
      assertStudioError(await api.put('/task', { project_id: projectId, task_id: front, sku_id: blouse.sku_id, model_image: single.body.image_id }), 404, 'not_found');
      for (const task of [front, back]) {
        const set = await api.put('/task', { project_id: projectId, task_id: task, sku_id: blouse.sku_id, model_image: model.body.image_id });
        assert.deepEqual(set.body, { message: 'success' });
      }
      assertStudioError(await api.post('/task/generate', { project_id: projectId, task_ids: [front], num_output_images: 5 }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/task/generate', { project_id: projectId, task_ids: [front], num_output_images: 0 }), 422, 'invalid_parameter');

      // Three outputs from one task: charged one credit each.
      const generated = await api.post('/task/generate', { project_id: projectId, task_ids: [front], num_output_images: 3, prompt: 'studio light' });
      assert.deepEqual(generated.body, { message: 'success' });
      const done = await taskUntil(api, { project: projectId, sku: blouse.sku_id, task: front }, ['Generation completed', 'Generation failed']);
      assert.equal(done.task_status, 'Generation completed', JSON.stringify(done));
      assert.equal(done.output.length, 3);
      assert.equal(done.num_output_images, 3);
      assert.equal(done.prompt, 'studio light');
      // The test engine declares `seed` and shifts its picture by the seed: three distinct pictures.
      assert.equal(done.num_distinct_images, 3);
      for (const output of done.output) {
        const download = await fetch(local(output.image_url));
        assert.equal(download.status, 200);
        assert.equal((await sharp(Buffer.from(await download.arrayBuffer())).metadata()).format, 'png');
      }
      assert.equal((await api.get('/metering/plan')).body.credits, 17);
      const history = await api.get('/metering/credit-history');
      assert.equal(history.body.items.length, 1);
      assert.equal(history.body.items[0].credits, 3);
      assert.equal(typeof history.body.items[0].timestamp, 'number');

      // One of two tasks run: in process; both: completed.
      const midway = await api.get(`/project?project_id=${projectId}`);
      assert.equal(midway.body.project_status, 'In process');
      // The back view on this front-facing model would draw the garment's back on the person's front: refused at once, free.
      assert.deepEqual((await api.post('/task/generate', { project_id: projectId, task_ids: [back] })).body, { message: 'success' });
      const refused = await api.get(`/task?project_id=${projectId}&sku_id=${blouse.sku_id}&task_id=${back}`);
      assert.equal(refused.body.task_status, 'Generation failed');
      assert.deepEqual(refused.body.error, {
        code: 'pose_not_supported',
        message: `A back-view garment needs a back-facing model image; model image ${model.body.image_id} is front-facing. Set another with PUT /task.`,
      });
      assert.equal((await api.get('/metering/plan')).body.credits, 17);
      assert.equal((await api.get(`/project?project_id=${projectId}`)).body.project_status, 'Completed');

      // Other teams see none of it.
      const stranger = studio(server.url, (await newTeam(server, { name: 'Stranger' })).key);
      assertStudioError(await stranger.get(`/sku?project_id=${projectId}`), 403, 'forbidden');
      assertStudioError(await stranger.get(`/task?project_id=${projectId}&sku_id=${blouse.sku_id}&task_id=${front}`), 403, 'forbidden');
      assertStudioError(await stranger.post('/task/generate', { project_id: projectId, task_ids: [front] }), 403, 'forbidden');
      assertStudioError(await api.get(`/task?project_id=${projectId}&task_id=${front}`), 422, 'missing_parameter');
    });

    test('an archive is classified on the analysis threads: a request sent meanwhile is answered first', async () => {
      const api = studio(server.url, (await newTeam(server, { name: 'Busy' })).key);
      const projectId = (await api.post('/project', { project_name: 'Twenty' })).body.project_id as string;
      const archive = await zip(Array.from({ length: 20 }, (_, i): [string, Buffer] => [`sku-${i}/front.jpg`, TOP]));
      const before = server.core.studioAnalysis.completed;
      const order: string[] = [];
      const uploading = uploadZip(api, projectId, local, archive).then((done) => {
        order.push('archive');
        return done;
      });
      // Classification begins once the upload is completing.
      await until(async () => {
        const rows = await server.db.query<{ status: string }>('SELECT status FROM studio_uploads WHERE project_id = $1', [projectId]);
        return rows.rows[0]?.status === 'open' || rows.rows.length === 0 ? undefined : true;
      }, 30_000, 'the archive to be completing');
      const plan = await api.get('/metering/plan');
      order.push('plan');
      assert.equal(plan.status, 200);
      assert.equal((await uploading).status, 200);
      assert.deepEqual(order, ['plan', 'archive']);
      // Every photo was classified on the pool, none on the event loop.
      assert.equal(server.core.studioAnalysis.completed - before, 20);
      assert.equal((await api.get(`/sku?project_id=${projectId}`)).body.skus.length, 20);
    });

    test('402 without credits and 429 without free slots, nothing submitted', async () => {
      const team = await newTeam(server, { name: 'Poor', credits: 2, limits: { concurrencyLimit: 1 } });
      const api = studio(server.url, team.key);
      const projectId = (await api.post('/project', { project_name: 'P' })).body.project_id as string;
      await api.post('/project/upload', { project_id: projectId, file_type: 'garment_image', file_data: TOP.toString('base64') });
      await api.post('/project/upload', { project_id: projectId, file_type: 'garment_image', file_data: TROUSERS.toString('base64') });
      const model = (await api.post('/project/upload', { project_id: projectId, file_type: 'model_image', file_data: MODEL.toString('base64') })).body.image_id;
      const skus = (await api.get(`/sku?project_id=${projectId}`)).body.skus as { sku_id: string }[];
      await api.post('/task', { project_id: projectId, sku_ids: skus.map((sku) => sku.sku_id) });
      const tasks = (await api.get('/task')).body.skus.flatMap((sku: { sku_id: string; tasks: { task_id: string }[] }) =>
        sku.tasks.map((task) => ({ sku: sku.sku_id, task: task.task_id })),
      ) as { sku: string; task: string }[];
      assert.equal(tasks.length, 2);
      for (const each of tasks) await api.put('/task', { project_id: projectId, task_id: each.task, sku_id: each.sku, model_image: model });

      const tooMany = await api.post('/task/generate', { project_id: projectId, task_ids: tasks.map((each) => each.task) });
      assertStudioError(tooMany, 429, 'concurrency_limit_exceeded');
      assert.ok(tooMany.headers.get('retry-after'));
      assertStudioError(await api.post('/task/generate', { project_id: projectId, task_ids: [tasks[0]!.task], num_output_images: 3 }), 402, 'insufficient_credits');
      assert.equal((await api.get('/metering/plan')).body.credits, 2);
      const statuses = (await api.get('/task')).body.skus.flatMap((sku: { tasks: { task_status: string }[] }) => sku.tasks.map((task) => task.task_status));
      assert.deepEqual(statuses, ['Task created', 'Task created']);
    });

    test('a try-on that fails: "Generation failed" with its reason, and the credits back', async () => {
      const team = await newTeam(server, { name: 'Refund', credits: 10 });
      const api = studio(server.url, team.key);
      const projectId = (await api.post('/project', { project_name: 'P' })).body.project_id as string;
      await api.post('/project/upload', { project_id: projectId, file_type: 'garment_image', file_data: TOP.toString('base64') });
      // The test engine finds no one in a photo whose top-left pixel is red.
      const nobody = await personImage({ refused: true });
      const model = (await api.post('/project/upload', { project_id: projectId, file_type: 'model_image', file_data: nobody.toString('base64') })).body.image_id;
      const [sku] = (await api.get(`/sku?project_id=${projectId}`)).body.skus as { sku_id: string }[];
      await api.post('/task', { project_id: projectId, sku_ids: [sku!.sku_id] });
      const [task] = (await api.get('/task')).body.skus[0].tasks as { task_id: string }[];
      await api.put('/task', { project_id: projectId, task_id: task!.task_id, sku_id: sku!.sku_id, model_image: model });
      await api.post('/task/generate', { project_id: projectId, task_ids: [task!.task_id], num_output_images: 2 });
      const failed = await taskUntil(api, { project: projectId, sku: sku!.sku_id, task: task!.task_id }, ['Generation failed', 'Generation completed']);
      assert.equal(failed.task_status, 'Generation failed');
      assert.deepEqual(failed.output, []);
      assert.equal(failed.error.code, 'no_person_detected');
      assert.equal((await api.get('/metering/plan')).body.credits, 10);
      const history = (await api.get('/metering/credit-history')).body.items as { credits: number; operation: string }[];
      assert.deepEqual(history.map((item) => [item.credits, item.operation]), [
        [-2, 'tryon_sd_refund'],
        [2, 'tryon_sd'],
      ]);
      // A failed task ended: the project's one task has run.
      assert.equal((await api.get(`/project?project_id=${projectId}`)).body.project_status, 'Completed');
    });

    test('a task runs only on a model image that faces its view: front garments on a front-facing model, back ones on a back-facing model', async () => {
      const team = await newTeam(server, { name: 'Facing', credits: 10 });
      const api = studio(server.url, team.key);
      const projectId = (await api.post('/project', { project_name: 'P' })).body.project_id as string;
      const archive = await zip([
        ['blouse/front.jpg', PLAIN_TOP],
        ['blouse/back.jpg', PLAIN_TOP],
      ]);
      assert.equal((await uploadZip(api, projectId, local, archive)).status, 200);
      const [sku] = (await api.get(`/sku?project_id=${projectId}`)).body.skus as { sku_id: string }[];
      await api.post('/task', { project_id: projectId, sku_ids: [sku!.sku_id] });
      const tasks = (await api.get('/task')).body.skus[0].tasks as { task_id: string; view: string }[];
      const front = tasks.find((task) => task.view === 'front')!.task_id;
      const back = tasks.find((task) => task.view === 'back')!.task_id;
      const ids = (task: string) => ({ project: projectId, sku: sku!.sku_id, task });
      const detail = async (task: string) => (await api.get(`/task?project_id=${projectId}&sku_id=${sku!.sku_id}&task_id=${task}`)).body;

      // The upload reads the model's pose: this woman faces the camera.
      const model = (await api.post('/project/upload', { project_id: projectId, file_type: 'model_image', file_data: MODEL.toString('base64') })).body.image_id as string;
      const stored = await server.db.query<{ view_type: string | null }>('SELECT view_type FROM studio_images WHERE id = $1', [model]);
      assert.equal(stored.rows[0]!.view_type, 'front_facing');
      for (const task of [front, back]) await api.put('/task', { project_id: projectId, task_id: task, sku_id: sku!.sku_id, model_image: model });

      // Both at once: the back task fails at once with its reason, the front one runs; one credit for the one job.
      assert.deepEqual((await api.post('/task/generate', { project_id: projectId, task_ids: [back, front] })).body, { message: 'success' });
      const backOnFront = await detail(back);
      assert.equal(backOnFront.task_status, 'Generation failed');
      assert.deepEqual(backOnFront.output, []);
      assert.deepEqual(backOnFront.error, {
        code: 'pose_not_supported',
        message: `A back-view garment needs a back-facing model image; model image ${model} is front-facing. Set another with PUT /task.`,
      });
      assert.equal((await taskUntil(api, ids(front), ['Generation completed', 'Generation failed'])).task_status, 'Generation completed');
      assert.equal((await api.get('/metering/plan')).body.credits, 9);
      assert.deepEqual((await api.get('/metering/credit-history')).body.items.map((item: { credits: number }) => item.credits), [1]);

      // No fixture photographs a person from behind: the stored facing is set as a pose read of one would set it.
      await server.db.query(`UPDATE studio_images SET view_type = 'back_facing' WHERE id = $1`, [model]);
      // The front view on a back-facing model is refused the same way; the back view now runs (the test engine draws it).
      assert.deepEqual((await api.post('/task/generate', { project_id: projectId, task_ids: [front, back] })).body, { message: 'success' });
      const frontOnBack = await detail(front);
      assert.equal(frontOnBack.task_status, 'Generation failed');
      assert.deepEqual(frontOnBack.error, {
        code: 'pose_not_supported',
        message: `A front-view garment needs a front-facing model image; model image ${model} is back-facing. Set another with PUT /task.`,
      });
      const backOnBack = await taskUntil(api, ids(back), ['Generation completed', 'Generation failed']);
      assert.equal(backOnBack.task_status, 'Generation completed', JSON.stringify(backOnBack));
      assert.equal(backOnBack.output.length, 1);
      assert.equal(backOnBack.error, undefined);
      assert.equal((await api.get('/metering/plan')).body.credits, 8);
      assert.equal((await api.get(`/project?project_id=${projectId}`)).body.project_status, 'Completed');
    });

    test('hostile and broken SKU archives are refused with their codes, and make nothing', async () => {
      const team = await newTeam(server, { name: 'Archives' });
      const api = studio(server.url, team.key);
      const projectId = (await api.post('/project', { project_name: 'P' })).body.project_id as string;
      const skuCount = async () => (await api.get(`/sku?project_id=${projectId}`)).body.skus.length;

      // Path traversal: a name patched to climb out after the zip was made (same length, both headers).
      const traversal = await zip([['ab/evil.jpg', TOP]]);
      const patched = Buffer.from(traversal.toString('latin1').replaceAll('ab/evil.jpg', '../evil.jpg'), 'latin1');
      assertStudioError(await uploadZip(api, projectId, local, patched), 422, 'archive_unsafe_path');
      // A zip bomb: 64 MiB of zeros in a few kilobytes.
      const bomb = await zip([['sku/big.jpg', Buffer.alloc(64 * 1024 * 1024)]], true);
      assert.ok(bomb.length < 200_000);
      assertStudioError(await uploadZip(api, projectId, local, bomb), 413, 'archive_too_large');
      // Not images; not a zip; nothing in it.
      assertStudioError(await uploadZip(api, projectId, local, await zip([['sku/front.jpg', TOP], ['sku/notes.txt', Buffer.from('hello')]])), 422, 'archive_entry_not_image');
      assertStudioError(await uploadZip(api, projectId, local, randomBytes(4096)), 422, 'invalid_archive');
      assertStudioError(await uploadZip(api, projectId, local, await zip([['sku/.DS_Store', Buffer.from('x')]])), 422, 'archive_empty');
      // An image the image guard refuses (too small), named by its path in the archive.
      const tiny = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#888' } }).jpeg().toBuffer();
      const refused = await uploadZip(api, projectId, local, await zip([['sku/front.jpg', TOP], ['sku/tiny.jpg', tiny]]));
      assertStudioError(refused, 422, 'resolution_too_low');
      assert.equal(refused.body.field, 'sku/tiny.jpg');
      assert.equal(await skuCount(), 0);
      assert.equal((await api.get(`/project?project_id=${projectId}`)).body.project_status, 'Created');
    });

    test('multipart: parts, ETags, a wrong parts list, a completed upload, a forged part URL', async () => {
      const team = await newTeam(server, { name: 'Multipart' });
      const api = studio(server.url, team.key);
      const projectId = (await api.post('/project', { project_name: 'P' })).body.project_id as string;
      // Over 10 MiB: two parts (5 MiB parts and the rest); macOS metadata pads it and is skipped.
      const archive = await zip([['dress/front.jpg', TOP], ['__MACOSX/pad', randomBytes(11 * 1024 * 1024)]]);
      const started = await api.post('/project/upload', { project_id: projectId, file_type: 'sku_zip', file_size: archive.length });
      const { key, upload_id: uploadId, upload_urls: urls } = started.body;
      assert.equal(urls.length, 2);
      assert.equal((await api.get(`/project?project_id=${projectId}`)).body.project_status, 'Creating');
      const half = Math.ceil(archive.length / 2);
      const etags: string[] = [];
      for (const [index, url] of (urls as string[]).entries()) {
        const put = await fetch(local(url), { method: 'PUT', body: new Uint8Array(archive.subarray(index * half, (index + 1) * half)) });
        assert.equal(put.status, 200);
        etags.push(put.headers.get('etag')!);
      }
      const forged = new URL(local(urls[0]));
      forged.searchParams.set('sig', '0'.repeat(64));
      assertStudioError(await request(forged.toString(), { method: 'PUT', key: null, body: 'x' }), 403, 'invalid_signature');
      const complete = (parts: unknown) => api.post('/project/complete_multipart_upload', { project_id: projectId, key, upload_id: uploadId, parts });
      assertStudioError(await complete([{ PartNumber: 1, ETag: etags[0] }]), 422, 'upload_parts_mismatch');
      assertStudioError(await complete([{ PartNumber: 1, ETag: etags[1] }, { PartNumber: 2, ETag: etags[1] }]), 422, 'upload_parts_mismatch');
      const ok = await complete([{ PartNumber: 1, ETag: etags[0] }, { PartNumber: 2, ETag: etags[1] }]);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assertStudioError(await complete([{ PartNumber: 1, ETag: etags[0] }, { PartNumber: 2, ETag: etags[1] }]), 409, 'upload_not_open');
      const skus = (await api.get(`/sku?project_id=${projectId}`)).body.skus;
      assert.deepEqual(skus.map((sku: { sku_name: string }) => sku.sku_name), ['dress']);
      assert.equal((await api.get(`/project?project_id=${projectId}`)).body.project_status, 'Created');
    });
  });
}
