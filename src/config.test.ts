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

test('STORAGE_URL: DATA_DIR/blobs by default, a folder, or an S3 bucket and prefix; presigned links need S3', () => {
  assert.deepEqual(loadConfig({ DATA_DIR: '/srv/drape' }).STORAGE, { kind: 'folder', root: '/srv/drape/blobs' });
  assert.deepEqual(loadConfig({ STORAGE_URL: '/mnt/images' }).STORAGE, { kind: 'folder', root: '/mnt/images' });
  assert.deepEqual(loadConfig({ STORAGE_URL: 'file:///mnt/images' }).STORAGE, { kind: 'folder', root: '/mnt/images' });
  assert.deepEqual(loadConfig({ STORAGE_URL: 's3://drape-images' }).STORAGE, { kind: 's3', bucket: 'drape-images', prefix: '' });
  const s3 = loadConfig({ STORAGE_URL: 's3://drape-images/prod/eu/', RESULT_LINKS: 'presigned', S3_FORCE_PATH_STYLE: 'true' });
  assert.deepEqual(s3.STORAGE, { kind: 's3', bucket: 'drape-images', prefix: 'prod/eu/' });
  assert.equal(s3.RESULT_LINKS, 'presigned');
  assert.equal(s3.S3_FORCE_PATH_STYLE, true);
  assert.equal(s3.S3_REGION, 'us-east-1');

  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };
  assert.deepEqual(problems({ STORAGE_URL: 's3://No_Such' }), ['STORAGE_URL="s3://No_Such": not an S3 bucket name: "No_Such"']);
  assert.deepEqual(problems({ STORAGE_URL: 'gs://bucket' }), ['STORAGE_URL="gs://bucket": use a folder path or s3://bucket/prefix']);
  assert.deepEqual(problems({ STORAGE_URL: 's3://bucket/../x' }), ['STORAGE_URL="s3://bucket/../x": the prefix may not contain . or .. segments']);
  assert.deepEqual(problems({ RESULT_LINKS: 'presigned' }), ['RESULT_LINKS=presigned needs STORAGE_URL=s3://…']);
  assert.deepEqual(problems({ STORAGE_URL: 's3://bucket', RESULT_LINKS: 'presigned', RESULT_URL_TTL: '8d' }), [
    'RESULT_LINKS=presigned: RESULT_URL_TTL may be at most 7d (SigV4)',
  ]);
  assert.deepEqual(problems({ STORAGE_URL: 's3://bucket', AWS_ACCESS_KEY_ID: 'AKIA' }), ['AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together']);
  assert.equal(problems({ RESULT_LINKS: 'direct' })[0]?.startsWith('RESULT_LINKS="direct"'), true);
});
