import type { Queryable } from './db.js';

/** Server-wide values generated once and shared by every process on the database. */
export const settingsStore = {
  /** The stored value of `key`, storing `candidate` first if there is none. */
  async getOrCreate(db: Queryable, key: string, candidate: string): Promise<string> {
    await db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, candidate]);
    const { rows } = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
    return rows[0]!.value;
  },
};
