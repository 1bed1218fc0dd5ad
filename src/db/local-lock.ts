/**
 * An advisory lock of a PGlite database: one process owns the database (its
 * lock file), so a set of the ids held in this process is the whole story.
 * Resolves to the release, or undefined when the lock is held.
 */
export function takeLocalLock(locks: Set<number>, id: number): (() => Promise<void>) | undefined {
  if (locks.has(id)) return undefined;
  locks.add(id);
  return async () => {
    locks.delete(id);
  };
}
