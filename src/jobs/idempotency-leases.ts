import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/db.js';
import { idempotencyStore, type IdempotencyHold, type IdempotencyRecord } from '../db/idempotency-store.js';
import type { Logger } from '../logger.js';

/**
 * A reservation lives this long unless its request renews it: after a crash
 * (kill -9) the key is free again within this time, on any server. Renewed
 * every third of it, so one slow database round trip (p99 well under 1 s)
 * cannot let a live request's lease lapse.
 */
export const IDEMPOTENCY_LEASE_MS = 10_000;
const RENEW_EVERY_MS = IDEMPOTENCY_LEASE_MS / 3;
/**
 * Longest a request may keep renewing: accepting a job fetches at most three
 * images (URL_FETCH_TIMEOUT 20 s each, in parallel) and writes them; a
 * request still not done after this is stuck, and its key goes free.
 */
const MAX_HOLD_MS = 10 * 60_000;

/**
 * The Idempotency-Key reservations this process's requests hold, each under
 * a short lease renewed while its request works and dropped when the request
 * completes or fails. A request that dies stops renewing, so its key frees
 * itself instead of answering 409 for the key's whole lifetime.
 */
export class IdempotencyLeases {
  private readonly held = new Map<string, { hold: IdempotencyHold; timer: NodeJS.Timeout }>();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger | undefined,
  ) {}

  /** Reserve the key for this request; undefined when reserved, else the record that holds it. */
  async reserve(teamId: string, key: string, fingerprint: string, ttlMs: number): Promise<IdempotencyRecord | undefined> {
    const hold = { teamId, key, owner: randomUUID() };
    const existing = await idempotencyStore.reserve(this.db, hold, fingerprint, ttlMs, IDEMPOTENCY_LEASE_MS);
    if (existing === undefined) this.keepRenewing(hold);
    return existing;
  }

  /** In the transaction that creates the job: the key now names it. False when this request lost its reservation. */
  async complete(tx: Queryable, teamId: string, key: string, jobId: string): Promise<boolean> {
    const entry = this.held.get(slot(teamId, key));
    if (entry === undefined) return false;
    return idempotencyStore.complete(tx, entry.hold, jobId);
  }

  /** The request ends: stop renewing; with `free`, delete the reservation (it failed before a job existed). */
  async drop(teamId: string, key: string, free: boolean): Promise<void> {
    const entry = this.held.get(slot(teamId, key));
    if (entry === undefined) return;
    clearInterval(entry.timer);
    this.held.delete(slot(teamId, key));
    if (free) await idempotencyStore.release(this.db, entry.hold);
  }

  /** Shutdown: stop every renewal (the leases then lapse by themselves). */
  close(): void {
    for (const { timer } of this.held.values()) clearInterval(timer);
    this.held.clear();
  }

  private keepRenewing(hold: IdempotencyHold): void {
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > MAX_HOLD_MS) {
        void this.drop(hold.teamId, hold.key, false);
        return;
      }
      idempotencyStore
        .renew(this.db, hold, IDEMPOTENCY_LEASE_MS)
        .then((renewed) => {
          if (!renewed) void this.drop(hold.teamId, hold.key, false);
        })
        .catch((error) => this.logger?.warn({ err: error }, 'idempotency lease renewal failed'));
    }, RENEW_EVERY_MS);
    timer.unref();
    this.held.set(slot(hold.teamId, hold.key), { hold, timer });
  }
}

const slot = (teamId: string, key: string) => `${teamId}\u0000${key}`;
