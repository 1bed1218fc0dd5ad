import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UrlSigner } from './signed-urls.js';

const signer = new UrlSigner('k'.repeat(64), 'https://drape.example');
const parts = (url: string) => {
  const parsed = new URL(url);
  return [parsed.pathname.replace('/v1/files/', ''), parsed.searchParams.get('expires')!, parsed.searchParams.get('sig')!] as const;
};

test('a signed link verifies until it expires', () => {
  const now = Date.UTC(2026, 0, 1);
  const { url, expiresAt } = signer.sign('results/job_1/a1/result.jpg', 60_000, now);
  assert.equal(expiresAt.getTime(), now + 60_000);
  const [key, expires, sig] = parts(url);
  assert.equal(signer.verify(key, expires, sig, now), 'ok');
  assert.equal(signer.verify(key, expires, sig, now + 61_000), 'expired');
});

test('any change to key, expiry or signature, or another secret, is invalid', () => {
  const now = Date.UTC(2026, 0, 1);
  const [key, expires, sig] = parts(signer.sign('results/job_1/a1/result.jpg', 60_000, now).url);
  assert.equal(signer.verify('results/job_2/a1/result.jpg', expires, sig, now), 'invalid');
  assert.equal(signer.verify(key, String(Number(expires) + 1), sig, now), 'invalid');
  assert.equal(signer.verify(key, expires, sig.replace(/^./, sig[0] === '0' ? '1' : '0'), now), 'invalid');
  assert.equal(signer.verify(key, expires, undefined, now), 'invalid');
  assert.equal(signer.verify(key, 'soon', sig, now), 'invalid');
  assert.equal(new UrlSigner('x'.repeat(64), 'https://drape.example').verify(key, expires, sig, now), 'invalid');
});
