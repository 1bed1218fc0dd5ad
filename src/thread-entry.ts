import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread starts. `name` is the thread's module without its
 * extension, relative to `callerUrl` (the caller's `import.meta.url`): the
 * built `.js`, or under tsx (tests, scripts) the `.ts` source, which needs the
 * TypeScript loader registered first, so the thread then starts in
 * ts-worker-bootstrap.mjs and imports `entry` (pass it as `workerData.entry`).
 */
export function threadEntry(name: string, callerUrl: string): { filename: string; entry: string } {
  const typescript = extname(fileURLToPath(callerUrl)) === '.ts';
  const entry = fileURLToPath(new URL(`${name}.${typescript ? 'ts' : 'js'}`, callerUrl));
  return { filename: typescript ? fileURLToPath(new URL('./ts-worker-bootstrap.mjs', import.meta.url)) : entry, entry };
}
