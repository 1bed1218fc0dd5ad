/**
 * Memory under upload load: 20 parallel requests, each with two images of the
 * maximum size (25 MB), against a server in its own process. The server's
 * peak RSS (VmHWM) stays under a stated bound because the upload budget
 * (UPLOAD_BYTES_IN_FLIGHT, 200 MB: one key may hold half) refuses what it
 * cannot hold with 429/503 and Retry-After, instead of holding all 1 GB.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { multipart, request } from '../support/http.js';
import { spawnServer, testDatabase, type ChildServer, type TestDatabase } from '../support/server.js';

const MB = 1024 * 1024;
const PARALLEL = 20;
/**
 * The bound: the server's peak RSS at most this far above its RSS at rest.
 * Admitted at once: 100 MB of bodies (one key's half of the budget), each
 * image then decoded (8.4 MP × 3 bytes) and re-encoded; without the budget
 * the 20 requests held 1 GB of bodies and the peak grew by well over a GB.
 */
const PEAK_GROWTH_BOUND_MB = 700;

/** VmRSS and VmHWM (peak) of a process, in MB. */
async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

describe('upload memory (pglite, child process)', () => {
  let database: TestDatabase;
  let server: ChildServer;
  let image: Buffer;
  before(async () => {
    database = await testDatabase('pglite');
    server = await spawnServer({ ...database.env, WORKERS: '0' });
    // Noise does not compress: 4096 × 2048 RGB stored in a PNG is 25.2 MB, the largest upload allowed (25 MiB).
    const width = 4096;
    const height = 2048;
    image = await sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
  });
  after(async () => {
    await server?.stop();
    await database?.cleanup();
  });

  test(`${PARALLEL} parallel requests of two maximum-size images: peak RSS within the bound, refusals with Retry-After`, async () => {
    assert.ok(image.length > 25 * 1_000_000 && image.length <= 25 * MB, `image of ${image.length} bytes`);
    // Warm the server's code paths with one small request first, then measure from rest.
    const small = await sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 200, g: 150, b: 120 } } }).png().toBuffer();
    const warm = await request(`${server.url}/v1/tryon`, {
      method: 'POST',
      body: multipart([['person_image', { bytes: small, type: 'image/png' }], ['garment_image', { bytes: small, type: 'image/png' }]]),
    });
    assert.equal(warm.status, 202, JSON.stringify(warm.body));
    // Reset the peak (VmHWM) to the RSS now (Linux: "5" to clear_refs), so that start-up does not count.
    await writeFile(`/proc/${server.process.pid}/clear_refs`, '5');
    const atRest = await memoryOf(server.process.pid!);

    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        request(`${server.url}/v1/tryon`, {
          method: 'POST',
          body: multipart([['person_image', { bytes: image, type: 'image/png' }], ['garment_image', { bytes: image, type: 'image/png' }]]),
        }),
      ),
    );
    const after = await memoryOf(server.process.pid!);
    const growth = after.peak - atRest.rss;
    const counts: Record<number, number> = {};
    for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
    process.stdout.write(`# upload memory: RSS at rest ${atRest.rss.toFixed(0)} MB, peak ${after.peak.toFixed(0)} MB (+${growth.toFixed(0)} MB), answers ${JSON.stringify(counts)}\n`);

    for (const response of responses) {
      if (response.status === 202) continue;
      assert.ok([429, 503].includes(response.status), `${response.status}: ${JSON.stringify(response.body)}`);
      assert.equal(response.headers.get('retry-after'), '1');
      assert.ok(['rate_limit_exceeded', 'service_unavailable'].includes(response.body.error.code));
    }
    assert.ok((counts[202] ?? 0) >= 1, 'some uploads were accepted');
    assert.ok(growth < PEAK_GROWTH_BOUND_MB, `peak RSS grew by ${growth.toFixed(0)} MB (bound ${PEAK_GROWTH_BOUND_MB} MB)`);
  });
});
