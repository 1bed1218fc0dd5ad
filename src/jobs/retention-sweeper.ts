import type { Db } from '../db/db.js';
import { idempotencyStore } from '../db/idempotency-store.js';
import { jobStore } from '../db/job-store.js';
import { studioStore } from '../db/studio-store.js';
import type { Logger } from '../logger.js';
import { BLOB_KINDS, jobIdOfKey, jobPrefixes } from '../storage/blob-keys.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { JobEvents } from './job-events.js';

export interface RetentionSweeperOptions {
  retentionMs: number;
  sweepIntervalMs: number;
  /** A blob no job owns is deleted once it is this old (default ORPHAN_GRACE_MS). */
  orphanGraceMs?: number;
}

/** Any constant: the advisory lock that makes one sweeper run at a time across processes. */
const SWEEPER_LOCK_ID = 7_302_152;
const SWEEP_BATCH = 200;
/** Job ids looked up in the database at once by the orphan scan. */
const ORPHAN_LOOKUP_BATCH = 500;
/**
 * A submission writes its inputs and commits its job row within a request
 * (URL inputs are bounded by URL_FETCH_TIMEOUT, 20 s); files of a job that
 * is still being accepted must not look orphaned. An hour is far past that.
 */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

export type SweepResult = { skipped: true } | { skipped: false; purged: number; orphans: number; studioImages: number };

/**
 * Deletes what is no longer kept: the files of jobs that ended longer ago
 * than RETENTION (a studio task's outputs are its job's results), the
 * studio's uploaded images RETENTION after their upload, blobs that no job owns (inputs left by a crash during
 * submission, results written after their job was purged), and expired
 * idempotency records. Any worker process may run it; an advisory lock lets
 * exactly one run at a time, so two sweepers never list and delete the same
 * bucket at once.
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly events: JobEvents,
    private readonly logger: Logger,
    private readonly options: RetentionSweeperOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error) => this.logger.error({ err: error }, 'retention sweep failed'))
        .finally(() => (this.running = undefined));
    }, this.options.sweepIntervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep, unless another process is sweeping right now. */
  async sweep(): Promise<SweepResult> {
    const release = await this.db.tryLock(SWEEPER_LOCK_ID);
    if (release === undefined) return { skipped: true };
    try {
      const purged = await this.purgeExpired();
      const studioImages = await this.purgeStudioImages();
      const orphans = await this.deleteOrphans();
      await idempotencyStore.deleteExpired(this.db);
      if (purged + orphans + studioImages > 0) this.logger.info({ purged, orphans, studioImages }, 'retention sweep deleted files');
      return { skipped: false, purged, orphans, studioImages };
    } finally {
      await release();
    }
  }

  /** Delete the files of jobs that ended longer ago than the retention period. */
  private async purgeExpired(): Promise<number> {
    return inBatches(
      () => jobStore.listPurgeable(this.db, this.options.retentionMs, SWEEP_BATCH),
      async (job) => {
        for (const prefix of jobPrefixes(job.id)) await this.blobs.deletePrefix(prefix);
        await jobStore.markPurged(this.db, job.id);
        await this.events.jobChanged(job.id);
      },
    );
  }

  /**
   * Delete the studio's uploaded images (garment, model, reference photos)
   * older than the retention period. The file goes first, then the row is
   * marked: a crash between the two leaves a marked-later row whose file is
   * already gone, which the next sweep marks (deleting nothing is harmless).
   */
  private async purgeStudioImages(): Promise<number> {
    return inBatches(
      () => studioStore.listPurgeableImages(this.db, this.options.retentionMs, SWEEP_BATCH),
      async (image) => {
        await this.blobs.delete(image.blobKey);
        await studioStore.markImagePurged(this.db, image.id);
      },
    );
  }

  /**
   * Delete the files of job ids that have no job whose files are kept, once
   * their newest file is older than the grace period. Listings come grouped
   * by job (S3 lists in key order, the folder store folder by folder), so the
   * scan holds one batch of ids, not the whole bucket.
   */
  private async deleteOrphans(): Promise<number> {
    const cutoff = Date.now() - (this.options.orphanGraceMs ?? ORPHAN_GRACE_MS);
    let deleted = 0;
    for (const kind of BLOB_KINDS) {
      const newest = new Map<string, number>();
      const settle = async () => {
        deleted += await this.deleteUnowned(newest, cutoff);
        newest.clear();
      };
      for await (const entry of this.blobs.list(`${kind}/`)) {
        const jobId = jobIdOfKey(entry.key);
        if (jobId === undefined) continue;
        if (!newest.has(jobId) && newest.size >= ORPHAN_LOOKUP_BATCH) await settle();
        newest.set(jobId, Math.max(newest.get(jobId) ?? 0, entry.modifiedAt.getTime()));
      }
      await settle();
    }
    return deleted;
  }

  private async deleteUnowned(newest: Map<string, number>, cutoff: number): Promise<number> {
    const old = [...newest].filter(([, modified]) => modified < cutoff).map(([jobId]) => jobId);
    if (old.length === 0) return 0;
    const kept = await jobStore.keptIds(this.db, old);
    const orphans = old.filter((jobId) => !kept.has(jobId));
    for (const jobId of orphans) {
      for (const prefix of jobPrefixes(jobId)) await this.blobs.deletePrefix(prefix);
      this.logger.info({ jobId }, 'deleted files that no job owns');
    }
    return orphans.length;
  }
}

/**
 * Lists a batch, handles each item, and lists again until a batch comes back
 * short (handled items no longer list); returns how many were handled.
 */
async function inBatches<T>(list: () => Promise<T[]>, each: (item: T) => Promise<void>): Promise<number> {
  let handled = 0;
  for (;;) {
    const batch = await list();
    for (const item of batch) await each(item);
    handled += batch.length;
    if (batch.length < SWEEP_BATCH) return handled;
  }
}
