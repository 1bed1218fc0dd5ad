/**
 * Fixture access for engine tests, the quality review and the benchmark.
 * Fixtures live outside the repository: DRAPE_FIXTURES, default
 * ../shared/fixtures relative to the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { EngineContext, RawImage, TryOnOptions } from '../../src/engines/engine.js';
import { DEFAULT_TRYON_OPTIONS } from '../../src/engines/engine.js';
import { acceptImage } from '../../src/images/image-guard.js';
import { decodeToRaw } from '../../src/images/raw-codec.js';
import { decodeImageFile, type RgbImage } from '../../src/vision/image.js';

export interface FixtureManifest {
  persons: Record<string, { framing: string; wearing: string }>;
  garments: Record<string, { category: 'upper' | 'lower' | 'dress'; presentation: string }>;
  pairs: { person: string; garment: string; category: 'upper' | 'lower' | 'dress' }[];
}

export function fixturesDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(process.cwd(), env.DRAPE_FIXTURES ?? '../shared/fixtures');
}

export function fixturesAvailable(dir = fixturesDir()): boolean {
  return existsSync(resolve(dir, 'manifest.json'));
}

export function loadManifest(dir = fixturesDir()): FixtureManifest {
  return JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as FixtureManifest;
}

export function loadPerson(name: string, dir = fixturesDir()): Promise<RgbImage> {
  return decodeImageFile(resolve(dir, 'persons', name));
}

export function loadGarment(name: string, dir = fixturesDir()): Promise<RgbImage> {
  return decodeImageFile(resolve(dir, 'garments', name));
}

/**
 * A fixture as a job's engine sees it: through the input guard (re-encoded,
 * metadata gone, at the default limits) and decoded as the engine worker
 * decodes it (an alpha channel kept). The quality review and the golden
 * figures use this so that they judge what a user of the server gets: the
 * guard's JPEG re-encode moves edge figures measurably, and a PNG's alpha
 * is the garment's own cut-out. The smallest side is not checked: the engine
 * is judged on every fixture, also those below the server's default minimum.
 */
export async function loadServed(folder: 'persons' | 'garments', name: string, dir = fixturesDir()): Promise<RawImage> {
  const { MAX_UPLOAD_BYTES, MAX_IMAGE_SIDE, MAX_IMAGE_PIXELS } = loadConfig({});
  const limits = { maxBytes: MAX_UPLOAD_BYTES, minSide: 1, maxSide: MAX_IMAGE_SIDE, maxPixels: MAX_IMAGE_PIXELS };
  const accepted = await acceptImage(await readFile(resolve(dir, folder, name)), limits, folder === 'persons' ? 'person_image' : 'garment_image');
  return decodeToRaw(accepted.bytes);
}

/** An EngineContext that runs each stage and records its time in ms. */
export function recordingContext(): EngineContext & { timings: Record<string, number>; progressSeen: number[] } {
  const timings: Record<string, number> = {};
  const progressSeen: number[] = [];
  return {
    timings,
    progressSeen,
    async stage<T>(name: string, work: () => Promise<T> | T): Promise<T> {
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        timings[name] = (timings[name] ?? 0) + performance.now() - t0;
      }
    },
    progress(percent: number) {
      progressSeen.push(percent);
    },
  };
}

export function tryOnOptions(overrides: Partial<TryOnOptions> = {}): TryOnOptions {
  return { ...DEFAULT_TRYON_OPTIONS, ...overrides };
}
