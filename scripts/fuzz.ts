/**
 * npm run fuzz [-- --cases 10000 --seed 1]: mutated fixture images and
 * request bodies of every API through a real server (test/support/fuzz-*.ts).
 * Prints the figures; exits 1 on any crash, 5xx, refusal without its code,
 * unanswered request, or peak RSS more than MAX_RSS_GROWTH_MB above rest.
 */
import { parseArgs } from 'node:util';
import { runFuzz } from '../test/support/fuzz-run.js';

/** The server's peak RSS may grow this much over its RSS at rest during the run. */
const MAX_RSS_GROWTH_MB = 500;

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' } } });
const cases = Number(values.cases);
const seed = Number(values.seed);
const report = await runFuzz({
  cases,
  seed,
  onProgress: (done) => {
    if (done % 500 === 0) process.stderr.write(`${done}/${cases}\n`);
  },
});
const growth = report.peakRssMb - report.rssAtRestMb;
process.stdout.write(
  [
    `fuzz: ${report.cases} cases, seed ${report.seed}, ${report.seconds} s`,
    `crashed: ${report.crashed ? 'yes' : 'no'}`,
    `statuses: ${JSON.stringify(report.statuses)}`,
    `codes: ${JSON.stringify(report.codes)}`,
    `server RSS: ${report.rssAtRestMb.toFixed(0)} MB at rest, peak ${report.peakRssMb.toFixed(0)} MB (+${growth.toFixed(0)} MB, bound +${MAX_RSS_GROWTH_MB} MB)`,
    `findings: ${report.findings.length}`,
    ...report.findings.slice(0, 50).map((finding) => `  ${finding}`),
  ].join('\n') + '\n',
);
process.exit(report.crashed || report.findings.length > 0 || growth > MAX_RSS_GROWTH_MB ? 1 : 0);
