import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AddressPolicy, classifyAddress, normalizeHostname } from './address-policy.js';

describe('classifyAddress', () => {
  const table: Array<[string, string | undefined]> = [
    // public
    ['8.8.8.8', undefined],
    ['1.1.1.1', undefined],
    ['2606:4700::1', undefined],
    ['2a00:1450:4001:81b::200e', undefined],
    ['64:ff9b::808:808', undefined], // NAT64 of 8.8.8.8
    ['2002:808:808::1', undefined], // 6to4 of 8.8.8.8
    ['::ffff:8.8.8.8', undefined],
    // IPv4 special ranges
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['192.0.0.192', 'IETF protocol assignments'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    // IPv6 special ranges
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd00:ec2::254', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['fec0::1', 'site-local'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['100::1', 'reserved'],
    // IPv4 inside IPv6
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a00:1::1', 'private'],
    // not an address
    ['example.com', 'not an IP address'],
  ];
  for (const [address, expected] of table) {
    it(`${address} → ${expected ?? 'public'}`, () => {
      assert.equal(classifyAddress(address), expected);
    });
  }
});

describe('AddressPolicy', () => {
  it('refuses every special address with an empty allowlist and allows public ones', () => {
    const policy = new AddressPolicy([]);
    assert.deepEqual(policy.checkAddress('127.0.0.1'), { allowed: false, reason: 'loopback' });
    assert.deepEqual(policy.checkAddress('::ffff:169.254.169.254'), { allowed: false, reason: 'link-local' });
    assert.deepEqual(policy.checkAddress('8.8.8.8'), { allowed: true });
    assert.deepEqual(policy.checkAddress('[2606:4700::1]'), { allowed: true });
  });

  it('allows CIDR and single-IP entries, IPv4-mapped forms included', () => {
    const policy = new AddressPolicy(['127.0.0.0/8', '::1/128', '10.1.2.3', '::ffff:192.168.0.0/112']);
    assert.deepEqual(policy.checkAddress('127.0.0.2'), { allowed: true });
    assert.deepEqual(policy.checkAddress('::ffff:127.0.0.1'), { allowed: true });
    assert.deepEqual(policy.checkAddress('::1'), { allowed: true });
    assert.deepEqual(policy.checkAddress('10.1.2.3'), { allowed: true });
    assert.deepEqual(policy.checkAddress('10.1.2.4'), { allowed: false, reason: 'private' });
    assert.deepEqual(policy.checkAddress('192.168.7.7'), { allowed: true });
    assert.deepEqual(policy.checkAddress('192.169.0.1'), { allowed: true }); // public anyway
    assert.deepEqual(policy.checkAddress('172.16.0.1'), { allowed: false, reason: 'private' });
    // IPv4-compatible (deprecated) is not IPv4-mapped: the 127.0.0.0/8 entry does not cover it.
    assert.deepEqual(policy.checkAddress('::127.0.0.1'), { allowed: false, reason: 'IPv4-compatible' });
  });

  it('matches hostname entries exactly or by wildcard subdomain', () => {
    const policy = new AddressPolicy(['localhost', '*.internal.example.com', 'Storage.LAN.']);
    assert.equal(policy.allowsHost('localhost'), true);
    assert.equal(policy.allowsHost('LOCALHOST.'), true);
    assert.equal(policy.allowsHost('a.internal.example.com'), true);
    assert.equal(policy.allowsHost('a.b.internal.example.com'), true);
    assert.equal(policy.allowsHost('internal.example.com'), false);
    assert.equal(policy.allowsHost('evilinternal.example.com'), false);
    assert.equal(policy.allowsHost('storage.lan'), true);
    assert.equal(policy.allowsHost('example.com'), false);
  });

  it('refuses cloud metadata names unless a hostname entry names them', () => {
    assert.equal(new AddressPolicy([]).refusesHostName('metadata.google.internal.'), true);
    assert.equal(new AddressPolicy([]).refusesHostName('example.com'), false);
    assert.equal(new AddressPolicy(['metadata.google.internal']).refusesHostName('metadata.google.internal'), false);
  });

  it('throws on malformed entries', () => {
    for (const entry of ['10.0.0.0/33', 'not a host', 'http://x', '']) {
      assert.throws(() => new AddressPolicy([entry]), /Allowlist entry/);
    }
  });
});

describe('normalizeHostname', () => {
  it('lower-cases, strips IPv6 brackets and the root dot', () => {
    assert.deepEqual(
      ['Example.COM.', '[::1]', 'localhost'].map(normalizeHostname),
      ['example.com', '::1', 'localhost'],
    );
  });
});
