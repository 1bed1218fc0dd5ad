/**
 * How the default min_quality is chosen (a script, not a test). It reads the
 * figures of a quality run (`npm run quality -- --half=tune` writes
 * artifacts/quality/tune/figures.json: each case's verdict) and the grades
 * given by eye to the same run's contact sheets (scripts/quality-grades/,
 * each case acceptable, broken or refused), and prints for each candidate
 * threshold the confusion table: acceptable and broken results × passed
 * (completed) and refused (low_quality_result). Results the engine refused
 * earlier with its own code (no_person_detected, …) are counted apart.
 *
 * The rule (README "Result quality"): the default is the lowest threshold at
 * which no more than MAX_ACCEPTABLE_LOST of the acceptable results are
 * refused, choosing among those the one that refuses the most broken ones.
 *
 *   npm run quality:threshold
 *   npm run quality:threshold -- --figures=artifacts/quality/tune/figures.json --grades=scripts/quality-grades/verdict-tune.json
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_MIN_QUALITY } from '../src/engines/engine.js';

/** Share of the acceptable results the default may refuse: a shop loses a good result rarely, a broken one is never shown. */
const MAX_ACCEPTABLE_LOST = 0.1;
/** Thresholds tried, in steps of 0.05. */
const CANDIDATES = Array.from({ length: 19 }, (_, i) => Number((0.05 * (i + 1)).toFixed(2)));

interface Graded {
  id: string;
  grade: 'acceptable' | 'broken' | 'refused';
  class?: string;
}

interface RunRow {
  id: string;
  error?: string;
  quality?: { score: number; warnings: string[] };
}

interface Confusion {
  threshold: number;
  acceptablePassed: number;
  acceptableRefused: number;
  brokenPassed: number;
  brokenRefused: number;
  /** Refused by the engine before any verdict (its own code). */
  refusedEarlier: number;
}

function arg(name: string, fallback: string): string {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
}

function confusion(rows: RunRow[], grades: Map<string, Graded>, threshold: number): Confusion {
  const c: Confusion = { threshold, acceptablePassed: 0, acceptableRefused: 0, brokenPassed: 0, brokenRefused: 0, refusedEarlier: 0 };
  for (const r of rows) {
    const g = grades.get(r.id);
    if (r.error || !r.quality) {
      c.refusedEarlier++;
      continue;
    }
    if (!g || g.grade === 'refused') throw new Error(`${r.id} completed but is graded ${g?.grade ?? 'not at all'}: grade the sheets of this run`);
    const passed = r.quality.score >= threshold;
    if (g.grade === 'acceptable') passed ? c.acceptablePassed++ : c.acceptableRefused++;
    else passed ? c.brokenPassed++ : c.brokenRefused++;
  }
  return c;
}

/** The lowest threshold losing at most MAX_ACCEPTABLE_LOST of the acceptable results that refuses the most broken ones. */
function choose(table: Confusion[]): Confusion {
  const acceptable = table[0]!.acceptablePassed + table[0]!.acceptableRefused;
  const allowed = table.filter((c) => c.acceptableRefused <= MAX_ACCEPTABLE_LOST * acceptable);
  return allowed.reduce((best, c) => (c.brokenRefused > best.brokenRefused ? c : best), allowed[0] ?? table[0]!);
}

function main(): void {
  const figures = JSON.parse(readFileSync(resolve(arg('figures', 'artifacts/quality/tune/figures.json')), 'utf8')) as { rows: RunRow[] };
  const graded = JSON.parse(readFileSync(resolve(arg('grades', 'scripts/quality-grades/verdict-tune.json')), 'utf8')) as { cases: Graded[] };
  const grades = new Map(graded.cases.map((g) => [g.id, g]));
  const table = [...CANDIDATES, DEFAULT_MIN_QUALITY].sort((a, b) => a - b).filter((t, i, all) => all.indexOf(t) === i).map((t) => confusion(figures.rows, grades, t));
  console.log('threshold  acceptable passed/refused  broken passed/refused  (refused earlier)');
  for (const c of table) {
    const mark = c.threshold === DEFAULT_MIN_QUALITY ? '  <- default' : '';
    console.log(`${c.threshold.toFixed(2).padStart(9)}  ${String(c.acceptablePassed).padStart(17)}/${c.acceptableRefused}  ${String(c.brokenPassed).padStart(13)}/${c.brokenRefused}  (${c.refusedEarlier})${mark}`);
  }
  const best = choose(table);
  console.log(`rule's choice: ${best.threshold} (at most ${MAX_ACCEPTABLE_LOST * 100} % of acceptable results refused, most broken ones refused)`);
  const missed = figures.rows.filter((r) => r.quality && r.quality.score >= DEFAULT_MIN_QUALITY && grades.get(r.id)?.grade === 'broken');
  console.log('broken results passed at the default:', missed.map((r) => `${r.id} ${grades.get(r.id)?.class ?? ''} ${r.quality!.score}`).join(', ') || 'none');
  const lost = figures.rows.filter((r) => r.quality && r.quality.score < DEFAULT_MIN_QUALITY && grades.get(r.id)?.grade === 'acceptable');
  console.log('acceptable results refused at the default:', lost.map((r) => `${r.id} ${r.quality!.score} ${r.quality!.warnings.join(' ')}`).join(', ') || 'none');
}

main();
