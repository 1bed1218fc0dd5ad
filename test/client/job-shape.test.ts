/**
 * One job shape: the client's Job type (written by hand, so that the client
 * imports nothing from the server) must be exactly the type of the server's
 * job schema (src/jobs/job-schema.ts), or this file does not compile
 * (npm run typecheck). At run time, the presenter's JSON of a job using
 * every optional part must be exactly what the schema declares: parsing
 * drops keys the schema does not know, so a key added to the presenter and
 * not to the schema fails here.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job as ClientJob } from '../../src/client/index.js';
import type { Job } from '../../src/db/job-store.js';
import { JobPresenter } from '../../src/jobs/job-json.js';
import { jobSchema, type JobJson } from '../../src/jobs/job-schema.js';
import { ProxyLinks } from '../../src/storage/blob-links.js';
import { UrlSigner } from '../../src/storage/signed-urls.js';

/** True only when A and B are the same type (optional keys, null and nesting included). */
type Equal<A, B> = (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;
/** Intersections written as one object (the client spells some shapes as A & B), recursively. */
type Flat<T> = T extends (infer U)[] ? Flat<U>[] : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;

const clientJobIsTheSchema: Equal<ClientJob, JobJson> = true;
// Would not compile: the checker does see a difference.
const missingSamplesDiffers: Equal<Omit<JobJson, 'result'>, JobJson> = false;

const PUBLIC_URL = 'https://drape.example';

const blob = (key: string, width = 300, height = 400) => ({ key, format: 'png', width, height });

function completedJob(): Job {
  const at = new Date('2026-01-02T03:04:05.000Z');
  return {
    id: 'job_shape',
    teamId: 'team_1',
    operation: 'refine',
    status: 'completed',
    priority: 0,
    input: {
      person: blob('inputs/job_shape/person.png'),
      garments: [{ image: blob('inputs/job_shape/garment-1.png', 300, 300), category: 'upper' }],
      coarse: blob('inputs/job_shape/coarse.png'),
    },
    options: { preserveHands: true, outputSize: { width: 200, height: 300 } },
    outputFormat: 'png',
    metadata: { order: 7 },
    webhookUrl: 'https://hooks.example/drape',
    source: 'native',
    result: {
      image: blob('results/job_shape/result.png'),
      samples: [blob('results/job_shape/sample-2.png')],
      diagnostics: [{ ...blob('results/job_shape/mask.png'), name: 'mask' }],
      info: { engine: 'builtin' },
      quality: { score: 0.8, warnings: ['large_fill'] },
    },
    error: null,
    progress: 100,
    stageTimings: { pose: 12.4 },
    engineRuns: [
      { attempt: 1, engine: 'gpu', kind: 'comfyui', outcome: 'failed', error_code: 'engine_failed', ms: 900 },
      { attempt: 1, engine: 'builtin', kind: 'builtin', outcome: 'completed', ms: 2100 },
    ],
    attempts: 1,
    maxAttempts: 3,
    runAt: at,
    lockedBy: null,
    leaseExpiresAt: null,
    cancelRequestedAt: null,
    createdAt: at,
    startedAt: at,
    finishedAt: at,
    purgedAt: null,
  };
}

test('the job JSON is exactly the job schema, every optional part included; the client type is the same', async () => {
  // The check is the two constants' types above (a mismatch does not compile); this only uses them.
  assert.deepEqual([clientJobIsTheSchema, missingSamplesDiffers], [true, false]);
  const presenter = new JobPresenter(new ProxyLinks(new UrlSigner('0'.repeat(64), PUBLIC_URL)), PUBLIC_URL, 60_000);
  const completed = completedJob();
  const { person, garments } = completed.input;
  const queued: Job = { ...completed, status: 'queued', result: null, startedAt: null, finishedAt: null, input: { person, garments } };
  for (const job of [completed, queued]) {
    const json = JSON.parse(JSON.stringify(await presenter.toJson(job))) as unknown;
    assert.deepEqual(jobSchema.parse(json), json);
  }
  const json = await presenter.toJson(completed);
  // The optional parts were there to be checked.
  assert.equal(json.result?.samples?.length, 1);
  assert.deepEqual(json.input.coarse, { width: 300, height: 400 });
  assert.deepEqual(json.options.output_size, { width: 200, height: 300 });
});
