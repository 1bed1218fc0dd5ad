/**
 * The seeded short fuzz run (npm run fuzz does 10,000 cases): mutated fixture
 * images and request bodies of every API through a real server in its own
 * process — no crash, no 5xx, every refusal with its code, peak RSS bounded.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFuzz } from './support/fuzz-run.js';

const CASES = 500;
const SEED = 20_261_202;
/** Peak RSS over RSS at rest; a 300-case run peaked at +187 MB. */
const MAX_RSS_GROWTH_MB = 500;

test(`fuzz: ${CASES} seeded cases through a real server`, { timeout: 15 * 60_000 }, async () => {
  const report = await runFuzz({ cases: CASES, seed: SEED });
  process.stdout.write(
    `# fuzz: ${JSON.stringify(report.statuses)}, RSS ${report.rssAtRestMb.toFixed(0)} → peak ${report.peakRssMb.toFixed(0)} MB, ${report.seconds} s\n`,
  );
  assert.equal(report.crashed, false, 'the server did not crash');
  assert.deepEqual(report.findings, []);
  const answered = Object.values(report.statuses).reduce((sum, count) => sum + count, 0);
  assert.equal(answered, CASES);
  assert.ok(Object.keys(report.codes).length >= 5, `refusals of many kinds: ${JSON.stringify(report.codes)}`);
  assert.ok(report.peakRssMb - report.rssAtRestMb < MAX_RSS_GROWTH_MB, `peak RSS +${(report.peakRssMb - report.rssAtRestMb).toFixed(0)} MB`);
});
