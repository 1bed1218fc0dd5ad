/**
 * Which network addresses an outbound request may reach. Default deny for
 * anything that is not public unicast: the server runs next to databases,
 * cloud metadata endpoints and admin ports that a client-supplied URL must
 * never touch. An operator widens this with an allowlist (CIDRs, single IPs
 * or hostnames), e.g. to fetch from a storage service on the private network.
 */
import ipaddr from 'ipaddr.js';

type Ip = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Ip, number];

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * Hostnames of cloud metadata services. Their addresses (169.254.169.254,
 * fd00:ec2::254) are refused as link-local / unique-local anyway; the names
 * are refused too so a resolver that maps them elsewhere changes nothing.
 */
export const METADATA_HOSTNAMES: ReadonlySet<string> = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);

function cidrs(table: ReadonlyArray<readonly [string, string]>): Array<[Cidr, string]> {
  return table.map(([cidr, reason]) => [ipaddr.parseCIDR(cidr), reason]);
}

/** IPv4 ranges that are not public unicast (RFC 6890 special-purpose registry and friends). */
const REFUSED_V4 = cidrs([
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

/** Public IPv6 lives in 2000::/3; everything outside it is refused (after unwrapping embedded IPv4). */
const GLOBAL_UNICAST_V6: Cidr = ipaddr.parseCIDR('2000::/3');

/** Named only for error messages; all of these are outside 2000::/3. */
const NAMED_V6 = cidrs([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'],
  ['fc00::/7', 'unique-local'],
  ['ff00::/8', 'multicast'],
  ['::/96', 'IPv4-compatible'],
  ['64:ff9b:1::/48', 'local-use NAT64'],
]);

/** Special blocks inside 2000::/3. */
const REFUSED_V6_GLOBAL = cidrs([
  ['2001::/32', 'Teredo'],
  ['2001:2::/48', 'benchmarking'],
  ['2001:10::/28', 'ORCHID'],
  ['2001:20::/28', 'ORCHIDv2'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
]);

/** ::ffff:0:0/96: the IPv4 address is the last 32 bits. */
const MAPPED_PREFIX_BITS = 96;

const NAT64_V6: Cidr = ipaddr.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR_V6: Cidr = ipaddr.parseCIDR('2002::/16');

function inRange(ip: Ip, cidr: Cidr): boolean {
  return ip.kind() === cidr[0].kind() && ip.match(cidr);
}

function firstMatch(ip: Ip, table: Array<[Cidr, string]>): string | undefined {
  return table.find(([cidr]) => inRange(ip, cidr))?.[1];
}

/** An IPv4 address carried in the given 32 bits of an IPv6 address (parts are 16-bit). */
function embeddedV4(ip: ipaddr.IPv6, highPart: number): ipaddr.IPv4 {
  const high = ip.parts[highPart] ?? 0;
  const low = ip.parts[highPart + 1] ?? 0;
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** ::ffff:a.b.c.d is the IPv4 host a.b.c.d on a dual-stack socket: treat it as such. */
function unwrapMapped(ip: Ip): Ip {
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

/**
 * Parse an address. ipaddr.js reads any '::a.b.c.d' as IPv4-mapped (so
 * '::127.0.0.1', really ::7f00:1, came out as ::ffff:127.0.0.1); the WHATWG
 * URL parser rewrites the dotted tail into hex first, which parses correctly.
 */
function parseIp(text: string): Ip {
  if (text.includes(':') && text.includes('.')) {
    return ipaddr.parse(normalizeHostname(new URL(`http://[${text}]/`).hostname));
  }
  return ipaddr.parse(text);
}

/** Why an address is not public, or undefined when it is. Invalid text counts as refused. */
export function classifyAddress(address: string): string | undefined {
  let ip: Ip;
  try {
    ip = unwrapMapped(parseIp(address));
  } catch {
    return 'not an IP address';
  }
  if (ip.kind() === 'ipv4') return firstMatch(ip, REFUSED_V4);

  const v6 = ip as ipaddr.IPv6;
  // NAT64 and 6to4 reach the IPv4 host they embed: judge that host. DNS64
  // networks answer every IPv4-only name with 64:ff9b::/96, so refusing the
  // prefix outright would break all fetches there.
  if (inRange(v6, NAT64_V6)) return firstMatch(embeddedV4(v6, 6), REFUSED_V4);
  if (inRange(v6, SIX_TO_FOUR_V6)) return firstMatch(embeddedV4(v6, 1), REFUSED_V4);
  if (!inRange(v6, GLOBAL_UNICAST_V6)) return firstMatch(v6, NAMED_V6) ?? 'reserved';
  return firstMatch(v6, REFUSED_V6_GLOBAL);
}

/** Lower case, no IPv6 brackets, no trailing root dot: the form allowlists and DNS see. */
export function normalizeHostname(hostname: string): string {
  let host = hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

const HOSTNAME_PATTERN = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

function isIpLiteral(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

export class AddressPolicy {
  readonly #ranges: Cidr[] = [];
  readonly #hosts = new Set<string>();
  /** '.example.com' for an entry '*.example.com': any depth of subdomain, not the apex. */
  readonly #hostSuffixes: string[] = [];

  /** Throws on an entry that is neither a CIDR, an IP nor a hostname pattern: a configuration fault. */
  constructor(allowlist: readonly string[]) {
    for (const raw of allowlist) {
      const entry = raw.trim();
      if (entry.includes('/')) {
        const slash = entry.lastIndexOf('/');
        const bits = Number(entry.slice(slash + 1));
        let ip: Ip;
        try {
          ip = parseIp(entry.slice(0, slash));
        } catch {
          throw new Error(`Allowlist entry "${raw}" is not a valid CIDR.`);
        }
        const maxBits = ip.kind() === 'ipv4' ? 32 : 128;
        if (!/^\d{1,3}$/.test(entry.slice(slash + 1)) || bits > maxBits) {
          throw new Error(`Allowlist entry "${raw}" is not a valid CIDR.`);
        }
        const v4 = unwrapMapped(ip);
        // '::ffff:10.0.0.0/104' means 10.0.0.0/8: addresses are compared after the same unwrapping.
        this.#ranges.push(v4 !== ip && bits >= MAPPED_PREFIX_BITS ? [v4, bits - MAPPED_PREFIX_BITS] : [ip, bits]);
      } else if (isIpLiteral(normalizeHostname(entry))) {
        const ip = unwrapMapped(parseIp(normalizeHostname(entry)));
        this.#ranges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
      } else {
        const host = normalizeHostname(entry);
        if (!HOSTNAME_PATTERN.test(host)) throw new Error(`Allowlist entry "${raw}" is not a CIDR, an IP or a hostname.`);
        if (host.startsWith('*.')) this.#hostSuffixes.push(host.slice(1));
        else this.#hosts.add(host);
      }
    }
  }

  /** Whether a hostname entry permits this host, and so whatever it resolves to. */
  allowsHost(hostname: string): boolean {
    const host = normalizeHostname(hostname);
    return this.#hosts.has(host) || this.#hostSuffixes.some((suffix) => host.endsWith(suffix));
  }

  /** Whether a name is refused before any DNS lookup (cloud metadata services). */
  refusesHostName(hostname: string): boolean {
    const host = normalizeHostname(hostname);
    return METADATA_HOSTNAMES.has(host) && !this.allowsHost(host);
  }

  checkAddress(address: string): AddressVerdict {
    let ip: Ip;
    try {
      ip = unwrapMapped(parseIp(normalizeHostname(address)));
    } catch {
      return { allowed: false, reason: 'not an IP address' };
    }
    if (this.#ranges.some((range) => inRange(ip, range))) return { allowed: true };
    const reason = classifyAddress(ip.toString());
    return reason === undefined ? { allowed: true } : { allowed: false, reason };
  }
}
