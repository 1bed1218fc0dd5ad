import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../config.js';
import { CircuitBreaker } from './circuit-breaker.js';

async function withFile<T>(text: string, run: (path: string) => T): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'drape-engines-'));
  try {
    const path = join(dir, 'engines.yaml');
    await writeFile(path, text);
    return run(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
};

test('ENGINES_FILE: engines in YAML, keys from the environment, durations, defaults per kind', async () => {
  const config = await withFile(
    [
      'engines:',
      '  - {name: gpu, kind: comfyui, url: "http://10.0.0.5:8188", template: catvton, priority: 10, timeout: 3m, concurrency: 2, retries: 1}',
      '  - {name: fashn, kind: fashn, api_key_env: FASHN_API_KEY, priority: 5, models: [tryon-max]}',
      '  - {name: builtin, kind: builtin}',
      'breaker: {failures: 4, cool_down: 1m}',
    ].join('\n'),
    (path) => loadConfig({ ENGINES_FILE: path, FASHN_API_KEY: 'fa-secret-1' }),
  );
  const [gpu, fashn, builtin] = config.ENGINE_SET.engines;
  assert.deepEqual([gpu?.kind, gpu?.timeoutMs, gpu?.concurrency, gpu?.retries, gpu?.operations], ['comfyui', 180_000, 2, 1, ['tryon']]);
  assert.deepEqual([fashn?.secret, fashn?.models], ['fa-secret-1', ['tryon-max']]);
  assert.deepEqual([builtin?.kind, builtin?.kind === 'builtin' && builtin.module, builtin?.operations], ['builtin', 'builtin', ['tryon', 'refine', 'upscale']]);
  assert.deepEqual(config.ENGINE_SET.breaker, { failures: 4, coolDownMs: 60_000 });
});

test('without ENGINES_FILE the ENGINES modules are the one built-in engine', () => {
  const engines = loadConfig({}).ENGINE_SET.engines;
  assert.deepEqual(
    engines.map((engine) => [engine.name, engine.kind]),
    [['builtin', 'builtin']],
  );
});

test('ENGINES_FILE problems are listed by engine and field, never with a key’s value', async () => {
  const problems = await withFile(
    [
      'engines:',
      '  - {name: a, kind: fashn, api_key: fa-inline-secret, concurrency: 0}',
      '  - {name: a, kind: fal, api_key: fa-inline-secret}',
      '  - {name: r, kind: replicate, api_key_env: MISSING_KEY, version: abc}',
      '  - {name: f, kind: fashn}',
      '  - {name: x, kind: gpu-magic}',
    ].join('\n'),
    (path) => problemsOf(() => loadConfig({ ENGINES_FILE: path })),
  );
  const text = problems.join('\n');
  assert.match(text, /engines\.0\.concurrency/);
  assert.match(text, /engines\.4\.kind/);
  assert.ok(!text.includes('fa-inline-secret'));

  const semantic = await withFile(
    [
      'engines:',
      '  - {name: a, kind: fashn, api_key: fa-inline-secret}',
      '  - {name: a, kind: fal, api_key: fa-inline-secret}',
      '  - {name: r, kind: replicate, api_key_env: MISSING_KEY, version: abc}',
      '  - {name: f, kind: fashn}',
    ].join('\n'),
    (path) => problemsOf(() => loadConfig({ ENGINES_FILE: path })),
  );
  assert.deepEqual(
    semantic.map((problem) => problem.replace(/^ENGINES_FILE \S+: /, '')),
    ['engines: two engines are named "a"', 'engine "r": MISSING_KEY is not set', 'engine "f": a fashn engine needs api_key or api_key_env'],
  );
  assert.match(problemsOf(() => loadConfig({ ENGINES_FILE: '/nonexistent/engines.json' }))[0]!, /cannot be read \(ENOENT\)/);
});

test('circuit breaker: N failures in a row open it, the cool-down passes to half-open, one trial decides', () => {
  let now = 0;
  const breaker = new CircuitBreaker(2, 1_000, () => now);
  assert.equal(breaker.tryPass(), true);
  breaker.failed();
  breaker.succeeded();
  breaker.failed();
  assert.equal(breaker.state, 'closed', 'a success in between resets the count');
  breaker.failed();
  assert.equal(breaker.state, 'open');
  assert.equal(breaker.tryPass(), false);
  now = 1_000;
  assert.equal(breaker.state, 'half-open');
  assert.equal(breaker.tryPass(), true, 'one trial');
  assert.equal(breaker.tryPass(), false, 'only one at a time');
  breaker.failed();
  assert.equal(breaker.state, 'open', 'a failed trial opens it again');
  now = 2_000;
  assert.equal(breaker.tryPass(), true);
  breaker.succeeded();
  assert.equal(breaker.state, 'closed');
});

test('the README’s worked example (ComfyUI on a GPU box, FASHN second, built-in last) is a valid ENGINES_FILE', async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const example = /```yaml\n(# engines\.yaml[^\n]*\n[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example !== undefined, 'the README has the example');
  const config = await withFile(example, (path) => loadConfig({ ENGINES_FILE: path, FASHN_API_KEY: 'fa-example' }));
  assert.deepEqual(
    config.ENGINE_SET.engines.map((engine) => [engine.name, engine.kind, engine.priority]),
    [
      ['gpu', 'comfyui', 20],
      ['fashn', 'fashn', 10],
      ['builtin', 'builtin', 0],
    ],
  );
  assert.deepEqual(config.ENGINE_SET.breaker, { failures: 3, coolDownMs: 60_000 });
});
