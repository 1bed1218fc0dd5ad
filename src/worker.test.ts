import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = dirname(fileURLToPath(import.meta.url));

/** Every module a file imports, statically or dynamically, following relative imports. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/gm)) {
      const specifier = match[1] ?? match[2]!;
      if (match[0].includes('import type') || match[0].includes('export type')) continue;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  };
  visit(entry);
  return { files, packages };
}

test('a worker process loads no HTTP code', () => {
  const { files, packages } = importGraph(resolve(SRC, 'worker.ts'));
  const http = [...files].filter((file) => file.startsWith(resolve(SRC, 'http')));
  assert.deepEqual(http, []);
  assert.deepEqual([...packages].filter((name) => name.includes('fastify')), []);
  // The walk does see the worker's own layers.
  assert.ok(files.has(resolve(SRC, 'jobs/job-runner.ts')) && files.has(resolve(SRC, 'jobs/webhook-bodies/huhu.ts')));
});

test('the HTTP server does load the routes (the walk above can find them)', () => {
  const { files } = importGraph(resolve(SRC, 'server.ts'));
  assert.ok(files.has(resolve(SRC, 'http/dialects/huhu/tryon.create.ts')));
});
