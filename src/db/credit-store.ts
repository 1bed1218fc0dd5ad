import type { Queryable } from './db.js';

export type LedgerKind = 'grant' | 'charge' | 'refund';

export interface LedgerEntry {
  seq: number;
  id: string;
  teamId: string;
  kind: LedgerKind;
  /** Positive for grants and refunds, negative for charges. */
  amount: number;
  balanceAfter: number;
  operation: string | null;
  jobId: string | null;
  keyId: string | null;
  requestId: string | null;
  note: string | null;
  createdAt: Date;
}

interface Row {
  seq: string;
  id: string;
  team_id: string;
  kind: LedgerKind;
  amount: number;
  balance_after: number;
  operation: string | null;
  job_id: string | null;
  key_id: string | null;
  request_id: string | null;
  note: string | null;
  created_at: Date;
}

const toEntry = (row: Row): LedgerEntry => ({
  seq: Number(row.seq),
  id: row.id,
  teamId: row.team_id,
  kind: row.kind,
  amount: row.amount,
  balanceAfter: row.balance_after,
  operation: row.operation,
  jobId: row.job_id,
  keyId: row.key_id,
  requestId: row.request_id,
  note: row.note,
  createdAt: row.created_at,
});

export interface NewLedgerEntry {
  id: string;
  teamId: string;
  kind: LedgerKind;
  amount: number;
  operation?: string | null;
  jobId?: string | null;
  keyId?: string | null;
  requestId?: string | null;
  note?: string | null;
}

/**
 * The only SQL about credits. The ledger is append-only; the balance is the
 * newest row's balance_after. Callers hold the team's row lock (teamStore.lock)
 * around balance + append, so two appends never start from the same balance.
 */
export const creditStore = {
  async balance(db: Queryable, teamId: string): Promise<number> {
    const { rows } = await db.query<{ balance_after: number }>(
      'SELECT balance_after FROM credit_ledger WHERE team_id = $1 ORDER BY seq DESC LIMIT 1',
      [teamId],
    );
    return rows[0]?.balance_after ?? 0;
  },

  async append(db: Queryable, entry: NewLedgerEntry, balanceBefore: number): Promise<LedgerEntry> {
    const { rows } = await db.query<Row>(
      `INSERT INTO credit_ledger (id, team_id, kind, amount, balance_after, operation, job_id, key_id, request_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        entry.id,
        entry.teamId,
        entry.kind,
        entry.amount,
        balanceBefore + entry.amount,
        entry.operation ?? null,
        entry.jobId ?? null,
        entry.keyId ?? null,
        entry.requestId ?? null,
        entry.note ?? null,
      ],
    );
    return toEntry(rows[0]!);
  },

  async forJob(db: Queryable, jobId: string): Promise<LedgerEntry[]> {
    const { rows } = await db.query<Row>('SELECT * FROM credit_ledger WHERE job_id = $1 ORDER BY seq', [jobId]);
    return rows.map(toEntry);
  },

  /** Newest first; `beforeSeq` is the cursor, `from`/`to` bound created_at. */
  async history(
    db: Queryable,
    filter: { teamId: string; beforeSeq?: number | undefined; from?: Date | undefined; to?: Date | undefined; limit: number },
  ): Promise<LedgerEntry[]> {
    const { rows } = await db.query<Row>(
      `SELECT * FROM credit_ledger
        WHERE team_id = $1
          AND ($2::bigint IS NULL OR seq < $2)
          AND ($3::timestamptz IS NULL OR created_at >= $3)
          AND ($4::timestamptz IS NULL OR created_at < $4)
        ORDER BY seq DESC
        LIMIT $5`,
      [filter.teamId, filter.beforeSeq ?? null, filter.from ?? null, filter.to ?? null, filter.limit],
    );
    return rows.map(toEntry);
  },
};
