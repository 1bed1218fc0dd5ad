/**
 * SubmissionService without any HTTP: a core on PGlite (no workers, so jobs
 * stay queued), a team and key, and images as bytes, as data: URIs and as
 * URLs on a local origin (allowlisted: the SSRF guard still runs). What a
 * studio task or a batch does to make a job.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { buildCore, type Core } from '../../src/core.js';
import { DEFAULT_TRYON_OPTIONS } from '../../src/engines/engine.js';
import { isDrapeError, type ErrorCode } from '../../src/errors.js';
import type { ImageSource, JobRequest, Submitter } from '../../src/jobs/submission.js';
import { createLogger } from '../../src/logger.js';
import { until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';

/** Small, so that the budget test can fill it with another key's bytes. */
const UPLOAD_BYTES_IN_FLIGHT = 1_000_000;

const refusedWith = (code: ErrorCode, field?: string) => (error: unknown) => {
  assert.ok(isDrapeError(error), `expected a DrapeError, got ${String(error)}`);
  assert.equal(error.code, code);
  if (field !== undefined) assert.equal(error.field, field);
  return true;
};

describe('SubmissionService (no HTTP)', () => {
  let dataDir: string;
  let core: Core;
  let who: Submitter;
  let person: Buffer;
  let garment: Buffer;
  let origin: { base: string; paths: string[]; holdGarment: () => () => void; close: () => Promise<void> };

  const tryOn = (person: ImageSource, garment: ImageSource, extra: Partial<JobRequest> = {}): JobRequest => ({
    operation: 'tryon',
    person,
    garments: [{ source: garment, category: 'upper' }],
    options: DEFAULT_TRYON_OPTIONS,
    outputFormat: 'jpeg',
    source: 'studio',
    ...extra,
  });

  before(async () => {
    person = await personImage();
    garment = await solidImage(300, 300, { r: 0, g: 0, b: 200 });
    origin = await startOrigin({ '/person.png': person, '/garment.jpg': garment });
    dataDir = await mkdtemp(join(tmpdir(), 'drape-submission-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      URL_FETCH_ALLOWLIST: '127.0.0.1/32',
      UPLOAD_BYTES_IN_FLIGHT: String(UPLOAD_BYTES_IN_FLIGHT),
      WORKERS: '0',
    });
    core = await buildCore(config, createLogger('silent'));
    const team = await core.teams.create('Studio', { credits: 100 });
    const { record } = await core.keys.create(team.id, 'studio');
    who = { teamId: team.id, keyId: record.id, requestId: 'req_test' };
  });

  after(async () => {
    await core?.close();
    await origin?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  test('bytes: the job is queued with the vetted images stored, and charged', async () => {
    const before = await core.credits.balance(who.teamId);
    const { job, replayed } = await core.submissions.submit(who, tryOn({ field: 'person', bytes: person }, { field: 'garment', bytes: garment }));
    assert.equal(replayed, false);
    assert.equal(job.status, 'queued');
    assert.equal(job.source, 'studio');
    assert.deepEqual(
      [job.input.person.width, job.input.person.height, job.input.garments[0]!.image.width, job.input.garments[0]!.category],
      [300, 400, 300, 'upper'],
    );
    assert.ok((await core.storage.blobs.get(job.input.person.key)) !== undefined, 'the person photo is stored');
    assert.equal(await core.credits.balance(who.teamId), before - 1);
  });

  test('data: URIs are decoded and vetted like bytes', async () => {
    const { job } = await core.submissions.submit(
      who,
      tryOn({ field: 'person', reference: dataUri(person) }, { field: 'garment', reference: dataUri(garment, 'image/jpeg') }),
    );
    assert.equal(job.input.person.height, 400);
    assert.equal(job.input.garments[0]!.image.format, 'jpeg');
  });

  test('URLs are fetched through the guard, held in the upload budget until the job exists, then given back', async () => {
    const seen = origin.paths.length;
    const releaseGarment = origin.holdGarment();
    const submitted = core.submissions.submit(
      who,
      tryOn({ field: 'person', reference: `${origin.base}/person.png` }, { field: 'garment', reference: `${origin.base}/garment.jpg` }),
    );
    // The person is fetched and held while the garment's origin has not answered yet.
    await until(async () => (core.uploads.bytesInFlight === person.length ? true : undefined));
    releaseGarment();
    const { job } = await submitted;
    assert.deepEqual(origin.paths.slice(seen).sort(), ['/garment.jpg', '/person.png']);
    assert.equal(job.input.person.width, 300);
    assert.equal(core.uploads.bytesInFlight, 0, 'every fetched byte is given back once the job exists');
  });

  test('a fetched image over the budget is refused with 503 service_unavailable, and its key is free again', async () => {
    const other = core.uploads.admit('key_other', UPLOAD_BYTES_IN_FLIGHT - 100);
    assert.ok(other.ok);
    const request = tryOn({ field: 'person', reference: `${origin.base}/person.png` }, { field: 'garment', bytes: garment });
    try {
      await assert.rejects(core.submissions.submit({ ...who, idempotencyKey: 'budget-1' }, request), (error: unknown) => {
        refusedWith('service_unavailable')(error);
        assert.equal(isDrapeError(error) && error.headers?.['retry-after'], '1');
        return true;
      });
      assert.equal(core.uploads.bytesInFlight, UPLOAD_BYTES_IN_FLIGHT - 100, 'the refused image holds nothing');
    } finally {
      other.release();
    }
    const retried = await core.submissions.submit({ ...who, idempotencyKey: 'budget-1' }, request);
    assert.equal(retried.replayed, false);
  });

  test('Idempotency-Key: the same request replays its job, another request with the key is refused', async () => {
    const keyed = { ...who, idempotencyKey: 'order-42' };
    const request = tryOn({ field: 'person', bytes: person }, { field: 'garment', bytes: garment });
    const first = await core.submissions.submit(keyed, request);
    const balance = await core.credits.balance(who.teamId);
    const again = await core.submissions.submit(keyed, tryOn({ field: 'person', bytes: Buffer.from(person) }, { field: 'garment', bytes: garment }));
    assert.deepEqual([again.replayed, again.job.id], [true, first.job.id]);
    assert.equal(await core.credits.balance(who.teamId), balance, 'a replay is not charged');
    const otherGarment = await solidImage(300, 300, { r: 200, g: 0, b: 0 });
    await assert.rejects(
      core.submissions.submit(keyed, tryOn({ field: 'person', bytes: person }, { field: 'garment', bytes: otherGarment })),
      refusedWith('idempotency_key_mismatch', 'Idempotency-Key'),
    );
  });

  test('a webhook URL at a private address is refused with url_forbidden, naming its field, and frees the key', async () => {
    const keyed = { ...who, idempotencyKey: 'hook-1' };
    const images = [{ field: 'person', bytes: person }, { field: 'garment', bytes: garment }] as const;
    await assert.rejects(
      core.submissions.submit(keyed, tryOn(...images, { webhookUrl: 'http://10.0.0.7/hook', webhookField: 'callback' })),
      refusedWith('url_forbidden', 'callback'),
    );
    await assert.rejects(
      core.submissions.submit(who, tryOn(...images, { webhookUrl: 'not a url' })),
      refusedWith('invalid_parameter', 'webhook_url'),
    );
    // The failed request made no job: the key takes a corrected request.
    const { job, replayed } = await core.submissions.submit(keyed, tryOn(...images, { webhookUrl: 'https://example.com/hook' }));
    assert.deepEqual([replayed, job.webhookUrl], [false, 'https://example.com/hook']);
  });

  test('an outfit with two tops is refused before anything is fetched', async () => {
    const seen = origin.paths.length;
    const top = { field: 'garment', reference: `${origin.base}/garment.jpg` };
    await assert.rejects(
      core.submissions.submit(who, {
        ...tryOn({ field: 'person', reference: `${origin.base}/person.png` }, top),
        garments: [
          { source: top, category: 'upper' },
          { source: top, category: 'upper' },
        ],
      }),
      refusedWith('invalid_parameter', 'garments'),
    );
    assert.equal(origin.paths.length, seen);
  });
});

/** A local origin serving fixed images; the garment can be held back until released. */
async function startOrigin(files: Record<string, Buffer>) {
  const paths: string[] = [];
  let held: ServerResponse[] | undefined;
  const send = (res: ServerResponse, path: string) => {
    const bytes = files[path];
    if (bytes === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': path.endsWith('.png') ? 'image/png' : 'image/jpeg' }).end(bytes);
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://origin').pathname;
    paths.push(path);
    if (held !== undefined && path === '/garment.jpg') held.push(res);
    else send(res, path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    paths,
    holdGarment: () => {
      held = [];
      return () => {
        for (const res of held ?? []) send(res, '/garment.jpg');
        held = undefined;
      };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
