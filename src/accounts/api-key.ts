/**
 * API keys: `sk_` + 30 base62 characters of randomness (178 bits) + a 6-character
 * base62 CRC-32 of them. The checksum lets secret scanners and clients spot a
 * mistyped or truncated key without asking the server; the server stores only
 * a SHA-256 of the whole key (a fast hash is right for a high-entropy secret)
 * and a short display prefix.
 */
import { createHash, randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_CHARS = 30;
const CHECKSUM_CHARS = 6;
const KEY_PATTERN = /^sk_[0-9A-Za-z]{36}$/;
/** How much of a key is kept in clear to tell keys apart in lists: `sk_` and 6 characters. */
const DISPLAY_PREFIX_CHARS = 9;

function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i += 1) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function checksum(body: string): string {
  return base62(crc32(body) >>> 0, CHECKSUM_CHARS);
}

export function newApiKey(): string {
  let body = '';
  for (let i = 0; i < RANDOM_CHARS; i += 1) body += ALPHABET[randomInt(62)];
  return `sk_${body}${checksum(body)}`;
}

/** True for a key this module generated and that was copied intact. */
export function isWellFormedApiKey(key: string): boolean {
  if (!KEY_PATTERN.test(key)) return false;
  const body = key.slice(3, 3 + RANDOM_CHARS);
  return key.slice(3 + RANDOM_CHARS) === checksum(body);
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_CHARS);
}
