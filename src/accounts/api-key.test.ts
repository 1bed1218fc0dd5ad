import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayPrefix, hashApiKey, isWellFormedApiKey, newApiKey } from './api-key.js';

test('new keys are sk_ + 36 base62 characters, distinct, with a valid checksum', () => {
  const keys = new Set(Array.from({ length: 200 }, () => newApiKey()));
  assert.equal(keys.size, 200);
  for (const key of keys) {
    assert.match(key, /^sk_[0-9A-Za-z]{36}$/);
    assert.ok(isWellFormedApiKey(key), key);
  }
});

test('the checksum catches a changed, dropped or swapped character', () => {
  const key = newApiKey();
  const flip = (index: number) => key.slice(0, index) + (key[index] === 'a' ? 'b' : 'a') + key.slice(index + 1);
  for (const index of [3, 10, 20, 32, 38]) assert.equal(isWellFormedApiKey(flip(index)), false, `changed at ${index}`);
  assert.equal(isWellFormedApiKey(key.slice(0, -1)), false);
  const swapped = key.slice(0, 5) + key[6] + key[5] + key.slice(7);
  if (swapped !== key) assert.equal(isWellFormedApiKey(swapped), false);
  assert.equal(isWellFormedApiKey(`pk_${key.slice(3)}`), false);
});

test('the stored hash and prefix do not reveal the secret part', () => {
  const key = newApiKey();
  assert.match(hashApiKey(key), /^[0-9a-f]{64}$/);
  assert.equal(hashApiKey(key), hashApiKey(key));
  assert.notEqual(hashApiKey(key), hashApiKey(newApiKey()));
  assert.equal(displayPrefix(key), key.slice(0, 9));
});
