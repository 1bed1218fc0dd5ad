/**
 * An undici Agent whose sockets can only connect to addresses checked
 * beforehand. The hostname stays in the URL, so the Host header and TLS SNI
 * (and certificate checks) use the real name, but the socket's `lookup` never
 * asks DNS again: a resolver that answers a public address at check time and
 * 127.0.0.1 at connect time (DNS rebinding) gains nothing.
 */
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';

export interface PinnedAgentOptions {
  /** Every address here has passed the address policy. */
  addresses: readonly LookupAddress[];
  connectTimeoutMs: number;
}

export function createPinnedAgent({ addresses, connectTimeoutMs }: PinnedAgentOptions): Agent {
  const first = addresses[0];
  if (first === undefined) throw new Error('createPinnedAgent needs at least one address.');
  const lookup: LookupFunction = (_hostname, options, callback) => {
    // With autoSelectFamily Node asks for all addresses and tries them in
    // turn (happy eyeballs); all of them were checked, so all may be offered.
    if (options.all) {
      (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, [...addresses]);
    } else {
      callback(null, first.address, first.family);
    }
  };
  return new Agent({
    connect: { lookup, timeout: connectTimeoutMs, autoSelectFamily: true },
    // One request per agent: nothing is pooled across hosts or checks.
    connections: 1,
    pipelining: 0,
  });
}
