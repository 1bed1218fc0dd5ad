/**
 * The studio's poses (../shared/specs/huhu-public-api-v1.txt, "Poses") on a
 * real server over HTTP: POST /pose on fixture photos (the pose_prompt's
 * words expected from looking at the photo), GET /pose list and detail with
 * the reference image's link, the preset library with its filters and
 * pictures, every parameter's error with the studio's literal statuses,
 * tenant isolation and program sharing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { newUuid7 } from '../../src/ids.js';
import { shareProgram } from '../../src/studio/program-shares.js';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertStudioError, fixture, local as localUrl, studio } from './support.js';

// Looked at: a man standing straight, whole figure with the head, arms hanging; a man seated on a ledge.
const STANDING = fixture('persons', '1.jpg');
const SEATED = fixture('persons', 'model.webp');
const GARMENT = fixture('garments', '00055_00.jpg');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The library as built (scripts/build-pose-library.ts, README): 6 base poses and their mirrors. */
const LIBRARY = {
  total: 138,
  // Women: 12 poses × 6 prompt types; Men: 12 × 3; Child: 12 × 2; Infant: the 6 base poses, full body
  byCategory: { Women: 72, Men: 36, Child: 24, Infant: 6 },
  byType: { fullbody: 42, head_half_cropped: 12, top: 36, bottom: 24, close_up_upper_body: 12, close_up_lower_body: 12 },
};

for (const kind of await databaseKinds()) {
  describe(`studio poses (${kind})`, () => {
    let server: TestServer;
    const local = (url: string) => localUrl(url, server);
    before(async () => {
      server = await startTestServer(kind);
    });
    after(async () => server?.stop());

    test('POST /pose: the pose read from the photo and its prompt; GET /pose lists it and gives its detail', async () => {
      const api = studio(server.url, (await newTeam(server)).key);
      const created = await api.post('/pose', { reference_image: STANDING.toString('base64'), pose_title: 'Standing Front' });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.equal(created.body.status, 'success');
      assert.match(created.body.pose_id, UUID);
      assert.equal(created.body.pose_title, 'Standing Front');
      for (const words of ['standing pose', 'front facing', 'arms at sides', 'full body shot']) {
        assert.ok(created.body.pose_prompt.includes(words), `${created.body.pose_prompt} says ${words}`);
      }
      const seated = await api.post('/pose', { reference_image: `data:image/webp;base64,${SEATED.toString('base64')}`, pose_title: 'On a ledge' });
      assert.equal(seated.status, 200, JSON.stringify(seated.body));
      assert.ok(seated.body.pose_prompt.startsWith('sitting pose'), seated.body.pose_prompt);

      const listed = await api.get('/pose');
      assert.equal(listed.status, 200);
      assert.equal(listed.body.pagination_token, null);
      assert.deepEqual(
        listed.body.poses.map((pose: any) => [pose.pose_id, pose.title, pose.prompt, pose.prompt_type]),
        [
          [created.body.pose_id, 'Standing Front', created.body.pose_prompt, 'fullbody'],
          [seated.body.pose_id, 'On a ledge', seated.body.pose_prompt, 'fullbody'],
        ],
      );
      const detail = await api.get(`/pose?pose_id=${created.body.pose_id}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.pose_id, created.body.pose_id);
      assert.equal(detail.body.title, 'Standing Front');
      assert.equal(detail.body.prompt, created.body.pose_prompt);
      const reference = await fetch(local(detail.body.reference_image_presigned_url));
      assert.equal(reference.status, 200);
      assert.equal((await sharp(Buffer.from(await reference.arrayBuffer())).metadata()).format, 'jpeg');
      assert.equal((await api.get('/pose?fetch_all=true')).body.poses.length, 2);
    });

    test('POST /pose and GET /pose: every error', async () => {
      const api = studio(server.url, (await newTeam(server)).key);
      const image = STANDING.toString('base64');
      assertStudioError(await api.post('/pose', { pose_title: 'x' }), 422, 'missing_parameter');
      assertStudioError(await api.post('/pose', { reference_image: image }), 422, 'missing_parameter');
      assertStudioError(await api.post('/pose', { reference_image: image, pose_title: ' ' }), 422, 'invalid_parameter');
      assertStudioError(await api.post('/pose', { reference_image: GARMENT.toString('base64'), pose_title: 'x' }), 422, 'no_person_detected');
      assertStudioError(await api.post('/pose', { reference_image: 'bm90IGFuIGltYWdl', pose_title: 'x' }), 422, 'unsupported_image_format');
      assertStudioError(await api.post('/pose', { reference_image: 'neither base64 nor a URL!', pose_title: 'x' }), 422, 'invalid_parameter');
      // URLs go through the SSRF guard: this server allows no private address
      assertStudioError(await api.post('/pose', { reference_image: `${server.url}/healthz`, pose_title: 'x' }), 422, 'url_forbidden');
      assertStudioError(await api.post('/pose', { reference_image: image, pose_title: 'x', program_id: newUuid7() }), 404, 'not_found');
      assertStudioError(await api.get(`/pose?pose_id=${newUuid7()}`), 404, 'not_found');
      assertStudioError(await api.get('/pose?pagination_token=garbage'), 422, 'invalid_parameter');
      assert.deepEqual((await api.get('/pose')).body, { poses: [], pagination_token: null }, 'nothing half-made');
    });

    test('GET /pose/library: the presets, their filters and their pictures', async () => {
      const api = studio(server.url, (await newTeam(server)).key);
      const all = await api.get('/pose/library');
      assert.equal(all.status, 200);
      assert.equal(all.body.total, LIBRARY.total);
      assert.equal(all.body.poses.length, LIBRARY.total);
      assert.equal(all.body.pagination_token, null);
      assert.equal(new Set(all.body.poses.map((pose: { pose_id: string }) => pose.pose_id)).size, LIBRARY.total);
      for (const [category, count] of Object.entries(LIBRARY.byCategory)) {
        const got = await api.get(`/pose/library?model_category=${category.toLowerCase()}`);
        assert.equal(got.body.total, count, category);
        assert.ok(got.body.poses.every((pose: { model_category: string }) => pose.model_category === category));
      }
      for (const [type, count] of Object.entries(LIBRARY.byType)) assert.equal((await api.get(`/pose/library?prompt_type=${type}`)).body.total, count, type);
      const women = await api.get('/pose/library?model_category=Women&prompt_type=fullbody');
      assert.equal(women.body.total, 12);
      const pose = women.body.poses[0];
      assert.match(pose.pose_name, /^Full body front \d/);
      assert.ok(pose.prompt.includes('front facing') && pose.prompt.includes('full body shot'), pose.prompt);
      assertStudioError(await api.get('/pose/library?model_category=Robots'), 422, 'invalid_parameter');
      assertStudioError(await api.get('/pose/library?prompt_type=portrait'), 422, 'invalid_parameter');

      // the pictures: public PNGs (no key), drawn from the keypoints
      for (const url of [pose.sketch_url, pose.reference_image_url]) {
        const picture = await request(local(url), { key: null });
        assert.equal(picture.status, 200);
        assert.equal(picture.headers.get('content-type'), 'image/png');
        const meta = await sharp(Buffer.from(await (await fetch(local(url))).arrayBuffer())).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height], ['png', 384, 512]);
      }
      assertStudioError(await request(`${server.url}/public/v1/pose/library/nope/sketch.png`, { key: null }), 404, 'not_found');
      assertStudioError(await request(`${server.url}/public/v1/pose/library/${pose.pose_id}/other.png`, { key: null }), 422, 'invalid_parameter');
    });

    test('isolation between teams, and a shared program’s poses readable by both', async () => {
      const owner = await newTeam(server, { name: 'Owner' });
      const other = await newTeam(server, { name: 'Other' });
      const api = studio(server.url, owner.key);
      const them = studio(server.url, other.key);
      const brand = (await api.post('/program', { program_name: 'Brand' })).body.program_id as string;
      const created = await api.post('/pose', { reference_image: STANDING.toString('base64'), pose_title: 'Mine', program_id: brand });
      assert.equal(created.status, 200);
      const poseId = created.body.pose_id as string;

      assertStudioError(await them.get(`/pose?pose_id=${poseId}`), 403, 'forbidden');
      assertStudioError(await them.get(`/pose?program_id=${brand}`), 403, 'forbidden');
      assertStudioError(await them.post('/pose', { reference_image: STANDING.toString('base64'), pose_title: 'x', program_id: brand }), 403, 'forbidden');
      assert.deepEqual((await them.get('/pose')).body.poses, []);

      await shareProgram(server.db, server.teams, brand, other.teamId);
      const detail = await them.get(`/pose?pose_id=${poseId}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.title, 'Mine');
      const link = local(detail.body.reference_image_presigned_url);
      assert.equal((await fetch(link, { headers: { authorization: `Bearer ${other.key}` } })).status, 200);
      assert.deepEqual((await them.get(`/pose?program_id=${brand}`)).body.poses.map((pose: { pose_id: string }) => pose.pose_id), [poseId]);
      assertStudioError(await them.post('/pose', { reference_image: STANDING.toString('base64'), pose_title: 'x', program_id: brand }), 403, 'forbidden');
    });
  });
}
