import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export interface ExampleCatalog {
  dir: string;
  persons: Map<string, { framing?: string }>;
  garments: Map<string, { category?: string }>;
  pairs: { person: string; garment: string; category: string }[];
}

/** File names the examples may have; anything else in the manifest is skipped. */
const IMAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\.(jpe?g|png|webp)$/;

interface Manifest {
  persons?: Record<string, { framing?: unknown }>;
  garments?: Record<string, { category?: unknown }>;
  pairs?: { person?: unknown; garment?: unknown; category?: unknown }[];
}

/**
 * The example photos of DRAPE_FIXTURES/manifest.json, read once and kept (a
 * few dozen names). Only names listed there are ever served, so a request
 * can never choose a path. No folder or no manifest: no examples.
 */
export function exampleCatalog(fixturesDir: string): () => Promise<ExampleCatalog> {
  let loaded: Promise<ExampleCatalog> | undefined;
  return () => (loaded ??= load(resolve(fixturesDir)));
}

async function load(dir: string): Promise<ExampleCatalog> {
  const catalog: ExampleCatalog = { dir, persons: new Map(), garments: new Map(), pairs: [] };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(resolve(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return catalog;
  }
  for (const [name, entry] of Object.entries(manifest.persons ?? {})) {
    if (IMAGE_NAME.test(name)) catalog.persons.set(name, { framing: text(entry?.framing) });
  }
  for (const [name, entry] of Object.entries(manifest.garments ?? {})) {
    if (IMAGE_NAME.test(name)) catalog.garments.set(name, { category: text(entry?.category) });
  }
  for (const pair of manifest.pairs ?? []) {
    const person = text(pair.person);
    const garment = text(pair.garment);
    if (person && garment && catalog.persons.has(person) && catalog.garments.has(garment)) {
      catalog.pairs.push({ person, garment, category: text(pair.category) ?? 'auto' });
    }
  }
  return catalog;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
