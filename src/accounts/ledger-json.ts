import type { LedgerEntry } from '../db/credit-store.js';

/** A credit ledger entry as the API and the admin CLI show it (snake_case, ISO times). */
export function ledgerEntryJson(entry: LedgerEntry) {
  return {
    id: entry.id,
    kind: entry.kind,
    amount: entry.amount,
    balance_after: entry.balanceAfter,
    operation: entry.operation,
    job_id: entry.jobId,
    key_id: entry.keyId,
    request_id: entry.requestId,
    note: entry.note,
    created_at: entry.createdAt.toISOString(),
  };
}
