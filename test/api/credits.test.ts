import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { assertError, request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

let person: Buffer;
let refusedPerson: Buffer;
let garment: Buffer;
before(async () => {
  person = await personImage();
  refusedPerson = await personImage({ refused: true });
  garment = await solidImage(300, 300, { r: 20, g: 90, b: 200 });
});
const body = (extra: Record<string, unknown> = {}, who = person) => ({
  person_image: dataUri(who),
  garment_image: dataUri(garment),
  ...extra,
});

const balanceOf = async (server: TestServer, key: string) => (await request(`${server.url}/v1/account`, { key })).body.credits as number;

for (const kind of await databaseKinds()) {
  describe(`credits (${kind})`, () => {
    describe('on a server without workers (jobs stay queued)', () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer(kind, { WORKERS: '0' });
      });
      after(async () => server.stop());

      test('50 concurrent submissions against 10 credits: exactly 10 are accepted, the rest get 402', async () => {
        const { key } = await newTeam(server, { credits: 10 });
        const responses = await Promise.all(
          Array.from({ length: 50 }, () => request(`${server.url}/v1/tryon`, { method: 'POST', json: body(), key })),
        );
        const accepted = responses.filter((response) => response.status === 202);
        assert.equal(accepted.length, 10);
        for (const response of responses.filter((each) => each.status !== 202)) assertError(response, 'insufficient_credits');
        assert.equal(await balanceOf(server, key), 0);
        const jobs = await request(`${server.url}/v1/jobs?limit=100`, { key });
        assert.equal(jobs.body.data.length, 10, 'no job exists without its charge');
        const usage = await request(`${server.url}/v1/account/usage?limit=100`, { key });
        const charges = usage.body.data.filter((entry: { kind: string }) => entry.kind === 'charge');
        assert.equal(charges.length, 10);
        assert.deepEqual(
          new Set(charges.map((entry: { job_id: string }) => entry.job_id)),
          new Set(accepted.map((response) => response.body.id)),
        );
      });

      test('a canceled job gets its credits back, once', async () => {
        const { key } = await newTeam(server, { credits: 5 });
        const job = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body(), key });
        assert.equal(await balanceOf(server, key), 4);
        assert.equal((await request(`${server.url}/v1/jobs/${job.body.id}/cancel`, { method: 'POST', key })).body.status, 'canceled');
        // A second cancel is refused (409: the job has ended) and refunds nothing more.
        assert.equal((await request(`${server.url}/v1/jobs/${job.body.id}/cancel`, { method: 'POST', key })).status, 409);
        assert.equal(await balanceOf(server, key), 5);
        const usage = await request(`${server.url}/v1/account/usage`, { key });
        const refund = usage.body.data.find((entry: { kind: string }) => entry.kind === 'refund');
        assert.deepEqual(
          { amount: refund.amount, job: refund.job_id, note: refund.note, balance: refund.balance_after },
          { amount: 1, job: job.body.id, note: 'job canceled', balance: 5 },
        );
      });

      test('the quality preset costs 2 (HD), the others 1 (SD); an Idempotency-Key replay costs nothing', async () => {
        const { key } = await newTeam(server, { credits: 10 });
        await request(`${server.url}/v1/tryon`, { method: 'POST', json: body({ preset: 'quality' }), key });
        assert.equal(await balanceOf(server, key), 8);
        await request(`${server.url}/v1/tryon`, { method: 'POST', json: body({ preset: 'fast' }), key });
        assert.equal(await balanceOf(server, key), 7);
        const headers = { 'idempotency-key': 'once' };
        const first = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body(), key, headers });
        const again = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body(), key, headers });
        assert.equal(again.body.id, first.body.id);
        assert.equal(await balanceOf(server, key), 6);
      });

      test('with fewer credits than the price: 402, and nothing is charged', async () => {
        const { key } = await newTeam(server, { credits: 1 });
        assertError(await request(`${server.url}/v1/tryon`, { method: 'POST', json: body({ preset: 'quality' }), key }), 'insufficient_credits');
        assert.equal(await balanceOf(server, key), 1);
      });

      test('usage: every change with its request id, newest first, with cursor pagination and a time filter', async () => {
        const { key, keyId } = await newTeam(server, { credits: 10 });
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) {
          const response = await request(`${server.url}/v1/tryon`, {
            method: 'POST',
            json: body(),
            key,
            headers: { 'x-request-id': `submit-${i}` },
          });
          ids.push(response.body.id);
        }
        const pages: { kind: string; job_id: string | null; request_id: string | null; key_id: string | null }[][] = [];
        let cursor: string | null = null;
        do {
          const page: any = await request(`${server.url}/v1/account/usage?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`, { key });
          assert.equal(page.status, 200);
          pages.push(page.body.data);
          cursor = page.body.next_cursor;
        } while (cursor !== null);
        assert.deepEqual(pages.map((page) => page.length), [2, 2]);
        assert.deepEqual(
          pages.flat().map((entry) => [entry.kind, entry.job_id, entry.request_id, entry.key_id]),
          [
            ['charge', ids[2], 'submit-2', keyId],
            ['charge', ids[1], 'submit-1', keyId],
            ['charge', ids[0], 'submit-0', keyId],
            ['grant', null, null, null],
          ],
        );
        const future = new Date(Date.now() + 60_000).toISOString();
        assert.deepEqual((await request(`${server.url}/v1/account/usage?from=${encodeURIComponent(future)}`, { key })).body.data, []);
        const all = await request(`${server.url}/v1/account/usage?to=${encodeURIComponent(future)}`, { key });
        assert.equal(all.body.data.length, 4);
        assertError(await request(`${server.url}/v1/account/usage?from=yesterday`, { key }), 'invalid_parameter', 'from');
      });
    });

    describe('on a server with a worker', () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer(kind);
      });
      after(async () => server.stop());

      test('a failed job is refunded; a completed one is not', async () => {
        const { key } = await newTeam(server, { credits: 3 });
        const failed = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', json: body({}, refusedPerson), key });
        assert.equal(failed.body.status, 'failed');
        assert.equal(failed.body.error.code, 'no_person_detected');
        const completed = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', json: body(), key });
        assert.equal(completed.body.status, 'completed');
        assert.equal(await until(async () => ((await balanceOf(server, key)) === 2 ? true : undefined)), true);
        const usage = await request(`${server.url}/v1/account/usage`, { key });
        assert.deepEqual(
          usage.body.data.map((entry: { kind: string; amount: number; job_id: string | null }) => [entry.kind, entry.amount, entry.job_id]),
          [
            ['charge', -1, completed.body.id],
            ['refund', 1, failed.body.id],
            ['charge', -1, failed.body.id],
            ['grant', 3, null],
          ],
        );
      });
    });
  });
}
