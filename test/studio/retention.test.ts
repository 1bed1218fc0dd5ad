/**
 * Retention of the studio's images: the sweep that deletes old job files
 * also deletes the studio's uploads past RETENTION (and a task's outputs are
 * its job's results, purged with the job); rows stay, marked, and every
 * answer agrees that the picture is gone. With the test engine (the pixels
 * do not matter here).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { request, until } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertStudioError, fixture, local as localUrl, studio, taskUntil } from './support.js';

const TOP = fixture('garments', '00057_00.jpg');
const MODEL = fixture('persons', '049205_0.jpg');

for (const kind of await databaseKinds()) {
  describe(`studio retention (${kind})`, () => {
    let server: TestServer;
    const local = (url: string) => localUrl(url, server);
    before(async () => {
      // Everything is past its retention a second after it was made; the sweep runs when the test says.
      server = await startTestServer(kind, { RETENTION: '1s', SWEEP_INTERVAL: '1h' });
    });
    after(async () => server?.stop());

    test('uploads and outputs past RETENTION are swept: links 404, rows kept and marked, answers say expired', async () => {
      const api = studio(server.url, (await newTeam(server, { name: 'Forgetful', credits: 10 })).key);
      const projectId = (await api.post('/project', { project_name: 'Old season' })).body.project_id as string;
      const garment = await api.post('/project/upload', { project_id: projectId, file_type: 'garment_image', file_data: TOP.toString('base64') });
      assert.equal(garment.status, 200, JSON.stringify(garment.body));
      const model = (await api.post('/project/upload', { project_id: projectId, file_type: 'model_image', file_data: MODEL.toString('base64') })).body.image_id as string;
      const sku = (await api.get(`/sku?project_id=${projectId}`)).body.skus[0].sku_id as string;
      await api.post('/task', { project_id: projectId, sku_ids: [sku] });
      const task = (await api.get('/task')).body.skus[0].tasks[0].task_id as string;
      await api.put('/task', { project_id: projectId, task_id: task, sku_id: sku, model_image: model });
      await api.post('/task/generate', { project_id: projectId, task_ids: [task] });
      const done = await taskUntil(api, { project: projectId, sku, task }, ['Generation completed']);
      const outputUrl = local(done.output[0].image_url);
      const before = (await api.get(`/sku?project_id=${projectId}&sku_id=${sku}`)).body.skus[0].garment_images[0];
      const garmentUrl = local(before.image_url);
      assert.equal(before.expired, false);
      assert.equal((await fetch(garmentUrl)).status, 200);
      assert.equal((await fetch(outputUrl)).status, 200);

      // Sweep until both the uploads and the task's job have gone (each sweep takes what is past RETENTION by then).
      const swept = { studioImages: 0, purged: 0 };
      await until(async () => {
        const result = await server.workers!.sweeper.sweep();
        if (!result.skipped) (swept.studioImages += result.studioImages), (swept.purged += result.purged);
        return swept.studioImages >= 2 && swept.purged >= 1 ? true : undefined;
      }, 20_000, 'a sweep of the uploads and the job');

      // The files: 404, as the file route documents for a file that no longer exists.
      const gone = await request(garmentUrl, { key: null });
      assert.equal(gone.status, 404);
      assert.deepEqual(gone.body, { error: { code: 'not_found', message: 'The file no longer exists.' } });
      assert.equal((await request(outputUrl, { key: null })).status, 404);

      // The rows: kept, marked; the classification stays.
      const rows = await server.db.query<{ kind: string; swept: boolean }>(
        'SELECT kind, purged_at IS NOT NULL AS swept FROM studio_images WHERE project_id = $1 ORDER BY kind',
        [projectId],
      );
      assert.deepEqual(rows.rows.map((row) => ({ ...row })), [
        { kind: 'garment', swept: true },
        { kind: 'model', swept: true },
      ]);
      const after = (await api.get(`/sku?project_id=${projectId}&sku_id=${sku}`)).body.skus[0].garment_images[0];
      assert.equal(after.image_url, null);
      assert.equal(after.expired, true);
      assert.equal(after.garment_type, 'Top');
      assert.equal(after.view, before.view);

      // The task: still completed, its outputs expired.
      const detail = await api.get(`/task?project_id=${projectId}&sku_id=${sku}&task_id=${task}`);
      assert.equal(detail.body.task_status, 'Generation completed');
      assert.deepEqual(detail.body.output, []);
      assert.equal(detail.body.expired, true);

      // A swept picture cannot be used again: 404 with the reason.
      const reuse = await api.put('/task', { project_id: projectId, task_id: task, sku_id: sku, model_image: model });
      assertStudioError(reuse, 404, 'not_found');
      assert.match(reuse.body.detail, /deleted by the retention sweep/);
      const again = await api.post('/task/generate', { project_id: projectId, task_ids: [task] });
      assertStudioError(again, 404, 'not_found');
      assert.match(again.body.detail, /deleted by the retention sweep/);
    });
  });
}
