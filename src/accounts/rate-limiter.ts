/**
 * Per-key request rate limits with GCRA (the generic cell rate algorithm):
 * a bucket is one number, its theoretical arrival time, so a step is one
 * comparison and one write. On PostgreSQL the step is one SQL statement and
 * every server on the database shares the buckets. PGlite is embedded, so
 * exactly one process ever uses that database: its buckets live in memory,
 * which is just as exact and keeps a database write off every request.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/db.js';
import { rateLimitStore, type GcraOutcome } from '../db/rate-limit-store.js';

export interface RatePolicy {
  perSecond: number;
  burst: number;
}

/** What the RateLimit-* and Retry-After headers report. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one more request would be allowed; 0 when allowed. */
  retryAfterSeconds: number;
  /** Seconds in which `limit` requests may be spent (RateLimit-Policy's window). */
  windowSeconds: number;
}

export interface RateLimiter {
  take(bucket: string, policy: RatePolicy): Promise<RateDecision>;
}

const gcra = (policy: RatePolicy) => {
  const intervalMs = 1000 / policy.perSecond;
  return { intervalMs, toleranceMs: (policy.burst - 1) * intervalMs };
};

function decide(policy: RatePolicy, outcome: GcraOutcome): RateDecision {
  const { intervalMs, toleranceMs } = gcra(policy);
  const aheadMs = Math.max(0, outcome.tatMs - outcome.nowMs);
  return {
    allowed: outcome.allowed,
    limit: policy.burst,
    remaining: outcome.allowed ? Math.max(0, Math.floor((toleranceMs - aheadMs) / intervalMs) + 1) : 0,
    resetSeconds: Math.ceil(aheadMs / 1000),
    retryAfterSeconds: outcome.allowed ? 0 : Math.max(1, Math.ceil((aheadMs - toleranceMs) / 1000)),
    windowSeconds: Math.max(1, Math.ceil((policy.burst * intervalMs) / 1000)),
  };
}

/** Buckets shared through PostgreSQL. */
export class SqlRateLimiter implements RateLimiter {
  constructor(private readonly db: Db) {}

  async take(bucket: string, policy: RatePolicy): Promise<RateDecision> {
    const { intervalMs, toleranceMs } = gcra(policy);
    return decide(policy, await rateLimitStore.take(this.db, bucket, intervalMs, toleranceMs));
  }
}

/** An idle bucket is full again within burst / rate; this many buckets are kept at most. */
const MEMORY_BUCKETS = 100_000;

/** Buckets in this process: for PGlite, whose database only this process can open. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly tats = new LRUCache<string, number>({ max: MEMORY_BUCKETS });

  constructor(private readonly clock: () => number = Date.now) {}

  async take(bucket: string, policy: RatePolicy): Promise<RateDecision> {
    const { intervalMs, toleranceMs } = gcra(policy);
    const nowMs = this.clock();
    const tat = Math.max(this.tats.get(bucket) ?? nowMs, nowMs);
    if (tat - nowMs > toleranceMs) return decide(policy, { allowed: false, nowMs, tatMs: tat });
    this.tats.set(bucket, tat + intervalMs);
    return decide(policy, { allowed: true, nowMs, tatMs: tat + intervalMs });
  }
}

export function rateLimiterFor(db: Db): RateLimiter {
  return db.kind === 'pglite' ? new MemoryRateLimiter() : new SqlRateLimiter(db);
}
