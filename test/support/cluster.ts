/**
 * Drape as several real processes for the cluster tests: `drape serve
 * --no-workers` HTTP servers and `drape worker` processes (child processes
 * under tsx) on one PostgreSQL database and one S3 bucket (the s3rver test
 * server), plus what the tests read straight from the database and the
 * bucket to check that every job ended once and was charged once.
 *
 * The engine is the test engine (test/support/test-engine.ts, TEST_ENGINE_STAGE_MS
 * per stage): the cluster tests are about the queue, claims, leases, storage
 * and accounts between processes, which the test engine goes through exactly
 * as the built-in one does, in milliseconds instead of seconds of CPU.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { request, until } from './http.js';
import { dataUri, personImage, solidImage } from './images.js';
import { startS3Server, TEST_BUCKET, type TestS3 } from './s3-server.js';
import { spawnServer, spawnWorker, testDatabase, type ChildServer, type TestDatabase } from './server.js';

export const TERMINAL = new Set(['completed', 'failed', 'canceled']);

export interface ClusterOptions {
  httpServers: number;
  workers: number;
  /** Environment of every process (on top of testEnv, the database and the bucket). */
  env?: Record<string, string>;
  /** Set to reuse a database (e.g. one on a PostgreSQL server the test runs itself). */
  database?: TestDatabase;
}

export interface Cluster {
  database: TestDatabase;
  s3: TestS3;
  /** What every process is started with: database, bucket and `options.env`. */
  env: Record<string, string>;
  http: ChildServer[];
  workers: ChildServer[];
  /** One more worker process on the same database and bucket. */
  addWorker(env?: Record<string, string>): Promise<ChildServer>;
  /** One more HTTP-only server. */
  addHttp(env?: Record<string, string>): Promise<ChildServer>;
  sql: pg.Pool;
  bucket: BucketReader;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const database = options.database ?? (await testDatabase('postgres'));
  const s3 = await startS3Server();
  const prefix = `cluster-${Date.now().toString(36)}`;
  const env = { ...database.env, ...s3.env(prefix), ...options.env };
  const http: ChildServer[] = [];
  const workers: ChildServer[] = [];
  const addHttp = async (extra: Record<string, string> = {}) => {
    const server = await spawnServer({ ...env, ...extra }, ['serve', '--no-workers']);
    http.push(server);
    return server;
  };
  const addWorker = async (extra: Record<string, string> = {}) => {
    const worker = await spawnWorker({ ...env, ...extra });
    workers.push(worker);
    return worker;
  };
  // The first HTTP server migrates the database; the rest start beside it.
  if (options.httpServers > 0) await addHttp();
  await Promise.all([
    ...Array.from({ length: options.httpServers - 1 }, () => addHttp()),
    ...Array.from({ length: options.workers }, () => addWorker()),
  ]);
  const sql = new pg.Pool({ connectionString: database.env.DATABASE_URL, max: 2 });
  sql.on('error', () => {});
  const bucket = bucketReader(s3, prefix);
  return {
    database,
    s3,
    env,
    http,
    workers,
    addWorker,
    addHttp,
    sql,
    bucket,
    stop: async () => {
      await Promise.all([...http, ...workers].map((child) => stopChild(child)));
      await sql.end();
      bucket.close();
      await s3.close();
      if (options.database === undefined) await database.cleanup();
    },
  };
}

/** SIGTERM (after SIGCONT, in case a test left it stopped) and wait; SIGKILL if it takes longer than 20 s. */
export async function stopChild(child: ChildServer): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGCONT');
  const killer = setTimeout(() => child.process.kill('SIGKILL'), 20_000);
  await child.stop();
  clearTimeout(killer);
}

/** A small person and garment pair as JSON data URIs; `colour` tells jobs' results apart. */
export async function tryOnBody(colour = { r: 20, g: 40, b: 200 }, extra: Record<string, unknown> = {}) {
  return {
    person_image: dataUri(await personImage({ width: 256, height: 320 })),
    garment_image: dataUri(await solidImage(256, 256, colour), 'image/jpeg'),
    ...extra,
  };
}

/** POST /v1/tryon; the job's id (asserting 202). */
export async function submit(url: string, body: unknown, key?: string): Promise<string> {
  const response = await request(`${url}/v1/tryon`, { method: 'POST', json: body, ...(key === undefined ? {} : { key }) });
  if (response.status !== 202) throw new Error(`POST /v1/tryon answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

export interface JobRow {
  id: string;
  status: string;
  attempts: number;
  locked_by: string | null;
  result: { image: { key: string } } | null;
  error: { code: string } | null;
}

export async function jobRows(sql: pg.Pool, ids: string[]): Promise<Map<string, JobRow>> {
  const { rows } = await sql.query<JobRow>('SELECT id, status, attempts, locked_by, result, error FROM jobs WHERE id = ANY($1)', [ids]);
  return new Map(rows.map((row) => [row.id, row]));
}

/** Waits until every job has ended (read from the database, so it needs no HTTP server). */
export async function allEnded(sql: pg.Pool, ids: string[], timeoutMs: number): Promise<Map<string, JobRow>> {
  return until(
    async () => {
      const rows = await jobRows(sql, ids);
      return [...rows.values()].every((row) => TERMINAL.has(row.status)) && rows.size === ids.length ? rows : undefined;
    },
    timeoutMs,
    `${ids.length} jobs to end`,
  );
}

export interface LedgerCheck {
  /** Jobs with other than exactly one charge. */
  badCharges: string[];
  /** Completed jobs refunded, failed/canceled ones refunded other than once, or refunded more than charged. */
  badRefunds: string[];
}

/** Each job charged exactly once, and refunded exactly once when (and only when) it failed or was canceled. */
export async function checkLedger(sql: pg.Pool, jobs: Map<string, JobRow>): Promise<LedgerCheck> {
  const { rows } = await sql.query<{ job_id: string; kind: string; count: string }>(
    `SELECT job_id, kind, count(*) AS count FROM credit_ledger WHERE job_id = ANY($1) GROUP BY job_id, kind`,
    [[...jobs.keys()]],
  );
  const count = (id: string, kind: string) => Number(rows.find((row) => row.job_id === id && row.kind === kind)?.count ?? 0);
  const badCharges = [...jobs.keys()].filter((id) => count(id, 'charge') !== 1);
  const badRefunds = [...jobs.values()]
    .filter((job) => count(job.id, 'refund') !== (job.status === 'completed' ? 0 : 1))
    .map((job) => `${job.id} ${job.status} refunds=${count(job.id, 'refund')}`);
  return { badCharges, badRefunds };
}

/** A webhook receiver on 127.0.0.1 that records every delivery and answers 200. */
export async function webhookReceiver(): Promise<{ url: string; received: { id: string; body: string }[]; close(): Promise<void> }> {
  const received: { id: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ id: String(req.headers['webhook-id']), body });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface BucketReader {
  /** Every key under the cluster's prefix that starts with `under` (keys without the prefix). */
  keys(under: string): Promise<string[]>;
  get(key: string): Promise<Buffer | undefined>;
  close(): void;
}

function bucketReader(s3: TestS3, prefix: string): BucketReader {
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    async keys(under) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: TEST_BUCKET, Prefix: `${prefix}/${under}`, ContinuationToken: token }),
        );
        for (const item of page.Contents ?? []) keys.push(item.Key!.slice(prefix.length + 1));
        token = page.NextContinuationToken;
      } while (token !== undefined);
      return keys;
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: TEST_BUCKET, Key: `${prefix}/${key}` }));
        return Buffer.from(await object.Body!.transformToByteArray());
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    close: () => client.destroy(),
  };
}
