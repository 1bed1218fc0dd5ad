import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../db/db.js';
import { databaseKinds } from '../../test/support/databases.js';
import { openTestDb } from '../../test/support/db.js';
import { MemoryRateLimiter, SqlRateLimiter, type RateLimiter } from './rate-limiter.js';

describe('GCRA in memory, on a controlled clock', () => {
  test('a burst, then one request per interval, with the headers\' numbers', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    const policy = { perSecond: 2, burst: 3 };
    const burst = [];
    for (let i = 0; i < 4; i++) burst.push(await limiter.take('k', policy));
    assert.deepEqual(
      burst.map((decision) => [decision.allowed, decision.remaining, decision.retryAfterSeconds]),
      [
        [true, 2, 0],
        [true, 1, 0],
        [true, 0, 0],
        [false, 0, 1],
      ],
    );
    assert.deepEqual([burst[2]!.limit, burst[2]!.resetSeconds, burst[2]!.windowSeconds], [3, 2, 2]);
    now += 499;
    assert.equal((await limiter.take('k', policy)).allowed, false, 'a token takes 500 ms to come back');
    now += 1;
    assert.equal((await limiter.take('k', policy)).allowed, true);
    assert.equal((await limiter.take('k', policy)).allowed, false);
    now += 10_000;
    assert.equal((await limiter.take('k', policy)).remaining, 2, 'an idle bucket refills to the burst, no further');
    assert.equal((await limiter.take('other', policy)).remaining, 2, 'buckets are independent');
  });

  test('a slow rate asks for a long Retry-After', async () => {
    const limiter = new MemoryRateLimiter(() => 0);
    const policy = { perSecond: 0.1, burst: 1 };
    assert.equal((await limiter.take('k', policy)).allowed, true);
    assert.equal((await limiter.take('k', policy)).retryAfterSeconds, 10);
  });
});

for (const kind of await databaseKinds()) {
  describe(`GCRA in SQL (${kind})`, () => {
    let db: Db;
    let close: () => Promise<void>;
    before(async () => {
      ({ db, close } = await openTestDb(kind));
    });
    after(async () => close());

    test('concurrent takes never hand out more than the burst', async () => {
      const limiter: RateLimiter = new SqlRateLimiter(db);
      const policy = { perSecond: 0.01, burst: 5 };
      const decisions = await Promise.all(Array.from({ length: 30 }, () => limiter.take('shared', policy)));
      assert.equal(decisions.filter((decision) => decision.allowed).length, 5);
      const refused = decisions.find((decision) => !decision.allowed)!;
      assert.ok(refused.retryAfterSeconds > 90 && refused.retryAfterSeconds <= 100, String(refused.retryAfterSeconds));
      assert.deepEqual(
        decisions.filter((decision) => decision.allowed).map((decision) => decision.remaining).sort(),
        [0, 1, 2, 3, 4],
      );
    });
  });
}
