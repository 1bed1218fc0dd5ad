/**
 * Background try-ons for the API benchmark: keeps a fixed number of jobs in
 * flight (submit; when one ends, submit the next) through the native API, so
 * the engine threads compete with the HTTP event loop for the cores the whole
 * time the load runs.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { AUTH_HEADERS } from './support-key.js';

export interface Photo {
  name: string;
  bytes: Buffer;
}

export interface Pair {
  person: Photo;
  garment: Photo;
  category: string;
}

/** The fixtures' first person and garment pair (DRAPE_FIXTURES, default ../shared/fixtures). */
export async function loadPair(): Promise<Pair> {
  const root = resolve(fileURLToPath(new URL('../', import.meta.url)), process.env.DRAPE_FIXTURES ?? '../shared/fixtures');
  const manifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as {
    pairs: { person: string; garment: string; category: string }[];
  };
  const pair = manifest.pairs[0]!;
  return {
    person: { name: pair.person, bytes: await readFile(join(root, 'persons', pair.person)) },
    garment: { name: pair.garment, bytes: await readFile(join(root, 'garments', pair.garment)) },
    category: pair.category,
  };
}

interface JobBody {
  id: string;
  status: string;
  started_at: string | null;
  finished_at: string | null;
  error: { code: string; message: string } | null;
}

const TERMINAL = new Set(['completed', 'failed', 'canceled']);
/**
 * Long-poll each job (`Prefer: wait=N`) rather than poll, so the loop adds
 * about one request a second per slot. Kept short, and never aborted, because
 * the server does not end a long-poll on shutdown or when its client aborts:
 * a connection busy at SIGTERM held the server's exit up past 15 s.
 */
const WAIT_SECONDS = 2;
/** After a refused submission, before the next one: keeps a broken server from turning this into a hot loop. */
const RETRY_PAUSE_MS = 500;

export async function submitTryOn(url: string, person: Photo, garment: Photo, category: string, signal?: AbortSignal): Promise<string> {
  const form = new FormData();
  form.append('person_image', new Blob([new Uint8Array(person.bytes)]), person.name);
  form.append('garment_image', new Blob([new Uint8Array(garment.bytes)]), garment.name);
  form.append('category', category);
  const response = await fetch(`${url}/v1/tryon`, { method: 'POST', body: form, headers: AUTH_HEADERS, signal: signal ?? null });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`POST /v1/tryon answered ${response.status}: ${text.slice(0, 300)}`);
  return (JSON.parse(text) as JobBody).id;
}

export async function getJob(url: string, id: string, init: { waitSeconds?: number; signal?: AbortSignal } = {}): Promise<JobBody> {
  const response = await fetch(`${url}/v1/jobs/${id}`, {
    headers: init.waitSeconds === undefined ? AUTH_HEADERS : { ...AUTH_HEADERS, prefer: `wait=${init.waitSeconds}` },
    signal: init.signal ?? null,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /v1/jobs/${id} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as JobBody;
}

/** Submit one try-on and wait until it has ended. */
export async function runTryOn(url: string, person: Photo, garment: Photo, category: string, signal?: AbortSignal): Promise<JobBody> {
  const id = await submitTryOn(url, person, garment, category, signal);
  for (;;) {
    const job = await getJob(url, id, { waitSeconds: WAIT_SECONDS, ...(signal === undefined ? {} : { signal }) });
    if (TERMINAL.has(job.status)) return job;
  }
}

export function engineMs(job: JobBody): number | undefined {
  if (job.started_at === null || job.finished_at === null) return undefined;
  return Date.parse(job.finished_at) - Date.parse(job.started_at);
}

export class TryOnLoad {
  completed = 0;
  failed = 0;
  /** Start-to-finish time of each completed job (attempt time in the engine pool). */
  readonly engineTimes: number[] = [];
  readonly problems: string[] = [];
  /** Id of the job each slot is waiting on, if any. */
  readonly current: (string | undefined)[];
  private stopping = false;
  private slots: Promise<void>[] = [];

  constructor(
    private readonly url: string,
    private readonly person: Photo,
    private readonly garment: Photo,
    private readonly category: string,
    readonly inFlight: number,
  ) {
    this.current = new Array<string | undefined>(inFlight).fill(undefined);
  }

  start(): void {
    this.slots = this.current.map((_, slot) => this.keepBusy(slot));
  }

  /** Submit no more; resolves once no request of this loop is open (within one long-poll, WAIT_SECONDS). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.slots);
  }

  /** Resolves once every slot has a job the server reports as processing. */
  async allProcessing(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ids = this.current.filter((id): id is string => id !== undefined);
      if (ids.length === this.inFlight) {
        const jobs = await Promise.all(ids.map((id) => getJob(this.url, id)));
        if (jobs.every((job) => job.status === 'processing')) return;
      }
      if (Date.now() > deadline) throw new Error(`the ${this.inFlight} background try-ons were not all processing after ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  private async keepBusy(slot: number): Promise<void> {
    while (!this.stopping) {
      try {
        const id = await submitTryOn(this.url, this.person, this.garment, this.category);
        this.current[slot] = id;
        let job: JobBody;
        do job = await getJob(this.url, id, { waitSeconds: WAIT_SECONDS });
        while (!TERMINAL.has(job.status) && !this.stopping);
        this.current[slot] = undefined;
        if (!TERMINAL.has(job.status)) return;
        if (job.status === 'completed') {
          this.completed++;
          const ms = engineMs(job);
          if (ms !== undefined) this.engineTimes.push(ms);
        } else {
          this.failed++;
          this.problems.push(`${job.id} ${job.status}: ${job.error?.code ?? '?'} ${job.error?.message ?? ''}`);
        }
      } catch (error) {
        this.failed++;
        this.problems.push(error instanceof Error ? error.message : String(error));
        await sleep(RETRY_PAUSE_MS);
      }
    }
  }
}
