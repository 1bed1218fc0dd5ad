/**
 * The fixtures' split into a tune half (develop and choose thresholds on it)
 * and a check half (look at it only to report), made once and
 * deterministically: persons and garments separately, each stratum (a
 * person's framing, a garment's category) sorted by the SHA-256 of the file
 * name and cut in the middle. A half's cases are every person of the half ×
 * one garment of each fitting category from that half (rotating through the
 * category's garments so all of them appear), plus the manifest pairs whose
 * person and garment both fall in the half.
 */
import { createHash } from 'node:crypto';
import type { Category } from '../../src/engines/engine.js';
import type { FixtureManifest } from './engine-fixtures.js';

export type Half = 'tune' | 'check';

export interface QualityCase {
  /** T01… (tune) or C01… (check), stable while the manifest is. */
  id: string;
  person: string;
  garment: string;
  category: Category;
  pair: boolean;
}

function hashKey(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

const byHash = (a: string, b: string) => hashKey(a).localeCompare(hashKey(b));

function splitNames(names: string[], stratum: (name: string) => string): Record<Half, Set<string>> {
  const groups = new Map<string, string[]>();
  for (const n of names) groups.set(stratum(n), [...(groups.get(stratum(n)) ?? []), n]);
  const out: Record<Half, Set<string>> = { tune: new Set(), check: new Set() };
  for (const list of groups.values()) {
    const sorted = [...list].sort(byHash);
    const cut = Math.ceil(sorted.length / 2);
    sorted.forEach((n, i) => (i < cut ? out.tune : out.check).add(n));
  }
  return out;
}

/** The cases of one half, in a stable order. */
export function halfCases(manifest: FixtureManifest, half: Half): QualityCase[] {
  const persons = splitNames(Object.keys(manifest.persons), (n) => manifest.persons[n]!.framing)[half];
  const garments = splitNames(Object.keys(manifest.garments), (n) => manifest.garments[n]!.category)[half];
  const byCategory = (c: Category) => [...garments].filter((g) => manifest.garments[g]!.category === c).sort(byHash);
  const pool: Record<Category, string[]> = { upper: byCategory('upper'), lower: byCategory('lower'), dress: byCategory('dress') };
  const turn: Record<Category, number> = { upper: 0, lower: 0, dress: 0 };
  const cases: Omit<QualityCase, 'id'>[] = [];
  for (const person of [...persons].sort(byHash)) {
    const legs = manifest.persons[person]!.framing !== 'upper_body';
    for (const category of ['upper', 'lower', 'dress'] as Category[]) {
      if (category !== 'upper' && !legs) continue;
      const list = pool[category];
      if (list.length === 0) continue;
      cases.push({ person, garment: list[turn[category]++ % list.length]!, category, pair: false });
    }
  }
  for (const p of manifest.pairs) {
    if (!persons.has(p.person) || !garments.has(p.garment)) continue;
    // a rotation case equal to a pair is that pair, not run twice
    const same = cases.find((c) => c.person === p.person && c.garment === p.garment);
    if (same) same.pair = true;
    else cases.push({ ...p, pair: true });
  }
  const prefix = half === 'tune' ? 'T' : 'C';
  return cases.map((c, i) => ({ id: `${prefix}${String(i + 1).padStart(2, '0')}`, ...c }));
}
