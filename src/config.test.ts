import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { ConfigError, describeConfig, loadConfig, parseDuration } from './config.js';

test('defaults: port 8080, embedded database under ./data, 24 h links', () => {
  const config = loadConfig({});
  assert.equal(config.PORT, 8080);
  assert.equal(config.DATABASE_URL, undefined);
  assert.match(config.DATA_DIR, /\/data$/);
  assert.equal(config.PUBLIC_URL, 'http://localhost:8080');
  assert.equal(config.RESULT_URL_TTL, 24 * 3600 * 1000);
  assert.deepEqual(config.WEBHOOK_RETRY_SCHEDULE, [5_000, 30_000, 120_000, 600_000, 3_600_000, 21_600_000]);
  assert.equal(config.MAX_UPLOAD_BYTES, 25 * 1024 * 1024);
  assert.deepEqual(config.URL_FETCH_ALLOWLIST, []);
});

test('values are parsed: durations, lists, a trailing slash on PUBLIC_URL', () => {
  const config = loadConfig({
    PORT: '9000',
    PUBLIC_URL: 'https://tryon.example.com/',
    RETENTION: '2d',
    URL_FETCH_ALLOWLIST: '10.0.0.0/8, localhost',
    WEBHOOK_RETRY_SCHEDULE: '1s,250ms',
    DATABASE_URL: 'postgres://u@db:5432/drape',
  });
  assert.equal(config.PUBLIC_URL, 'https://tryon.example.com');
  assert.equal(config.RETENTION, 2 * 86_400_000);
  assert.deepEqual(config.URL_FETCH_ALLOWLIST, ['10.0.0.0/8', 'localhost']);
  assert.deepEqual(config.WEBHOOK_RETRY_SCHEDULE, [1000, 250]);
  assert.equal(parseDuration('90'), 90_000);
  assert.equal(parseDuration('soon'), undefined);
});

test('every bad value is listed at once', () => {
  assert.throws(
    () =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        RESULT_URL_TTL: 'forever',
        WEBHOOK_RETRY_SCHEDULE: '5s,later',
        LOG_LEVEL: 'loud',
      }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const keys = error.problems.map((problem) => problem.split('=')[0]!.split(':')[0]);
      assert.deepEqual(keys.sort(), ['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'RESULT_URL_TTL']);
      return true;
    },
  );
  assert.throws(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: '5s,later' }), /not a duration: "later"/);
  assert.throws(() => loadConfig({ MIN_IMAGE_SIDE: '900', MAX_IMAGE_SIDE: '800' }), /MIN_IMAGE_SIDE must not exceed/);
});

test('the server refuses to start on a bad value: message on stderr, exit code 1', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: 'eighty', RETENTION: 'forever' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Invalid configuration:/);
  assert.match(result.stderr, /PORT="eighty"/);
  assert.match(result.stderr, /RETENTION="forever": not a duration/);
});

test('every variable has a description for the README table', () => {
  for (const row of describeConfig()) assert.ok(row.description.length > 10, row.name);
});
