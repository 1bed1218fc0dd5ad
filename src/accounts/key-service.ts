import { LRUCache } from 'lru-cache';
import type { Db, Queryable } from '../db/db.js';
import { apiKeyStore, type ApiKeyRecord } from '../db/api-key-store.js';
import { teamStore, type Team } from '../db/team-store.js';
import { DrapeError } from '../errors.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import { displayPrefix, hashApiKey, newApiKey } from './api-key.js';

/** Servers on one PostgreSQL tell each other to forget cached keys and teams (revocation, new limits). */
const ACCOUNTS_CHANNEL = 'drape_accounts';
/**
 * Every authenticated request needs its key and team; a PGlite lookup costs
 * about a millisecond of the HTTP thread. Verdicts are cached briefly: a
 * revocation reaches this process at once (in-process, or NOTIFY from
 * another one) and the TTL bounds the delay should a notification be lost.
 */
const VERDICT_CACHE_ENTRIES = 10_000;
const VERDICT_CACHE_TTL_MS = 5_000;
/** last_used_at is a day-to-day fact ("is this key still used?"): one write a minute per key is plenty. */
const LAST_USE_WRITE_INTERVAL_MS = 60_000;

export type KeyVerdict =
  | { ok: true; key: ApiKeyRecord; team: Team }
  | { ok: false; code: 'unknown_key' | 'revoked_key' };

export interface CreatedKey {
  key: string;
  record: ApiKeyRecord;
}

export class ApiKeyService {
  private readonly verdicts = new LRUCache<string, KeyVerdict>({ max: VERDICT_CACHE_ENTRIES, ttl: VERDICT_CACHE_TTL_MS });
  private readonly lastUseWritten = new LRUCache<string, number>({ max: VERDICT_CACHE_ENTRIES });
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Db,
    private readonly logger?: Logger,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(ACCOUNTS_CHANNEL, () => this.verdicts.clear());
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  /** Tell every server that keys or team limits changed. */
  async accountsChanged(): Promise<void> {
    this.verdicts.clear();
    await this.db.query('SELECT pg_notify($1, $2)', [ACCOUNTS_CHANNEL, '']).catch(() => {});
  }

  /** A new key for the team; the key itself is returned this once and never stored. `given` adopts a chosen key (DRAPE_ADMIN_KEY). */
  async create(teamId: string, name: string, given?: string): Promise<CreatedKey> {
    const created = await this.createIn(this.db, teamId, name, given);
    await this.accountsChanged();
    return created;
  }

  /** `create` inside the caller's transaction; the caller announces the change after commit. */
  async createIn(tx: Queryable, teamId: string, name: string, given?: string): Promise<CreatedKey> {
    const team = await teamStore.get(tx, teamId);
    if (team === undefined) throw new DrapeError('not_found', `No team ${teamId}.`);
    const key = given ?? newApiKey();
    const hash = hashApiKey(key);
    if ((await apiKeyStore.findByHash(tx, hash)) !== undefined) throw new DrapeError('invalid_parameter', 'This key is already in use.');
    const record = await apiKeyStore.insert(tx, { id: newId('key'), teamId, name, hash, displayPrefix: displayPrefix(key) });
    return { key, record };
  }

  async list(teamId: string): Promise<ApiKeyRecord[]> {
    return apiKeyStore.listForTeam(this.db, teamId);
  }

  async revoke(keyId: string): Promise<ApiKeyRecord> {
    const record = await apiKeyStore.revoke(this.db, keyId);
    if (record === undefined) throw new DrapeError('not_found', `No key ${keyId}.`);
    await this.accountsChanged();
    return record;
  }

  /** Who a presented key belongs to. Denials are values; only faults throw. */
  async verify(presented: string, requestId: string): Promise<KeyVerdict> {
    const hash = hashApiKey(presented);
    let verdict = this.verdicts.get(hash);
    if (verdict === undefined) {
      verdict = await this.lookup(hash);
      this.verdicts.set(hash, verdict);
    }
    if (verdict.ok) this.recordUse(verdict.key.id, requestId);
    return verdict;
  }

  private async lookup(hash: string): Promise<KeyVerdict> {
    const key = await apiKeyStore.findByHash(this.db, hash);
    if (key === undefined) return { ok: false, code: 'unknown_key' };
    if (key.revokedAt !== null) return { ok: false, code: 'revoked_key' };
    const team = await teamStore.get(this.db, key.teamId);
    return team === undefined ? { ok: false, code: 'unknown_key' } : { ok: true, key, team };
  }

  private recordUse(keyId: string, requestId: string): void {
    const now = Date.now();
    if (now - (this.lastUseWritten.get(keyId) ?? 0) < LAST_USE_WRITE_INTERVAL_MS) return;
    this.lastUseWritten.set(keyId, now);
    apiKeyStore.recordUse(this.db, keyId, requestId).catch((error: unknown) => {
      this.logger?.warn({ err: error, keyId }, 'could not record key use');
    });
  }
}
