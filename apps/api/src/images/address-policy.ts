import net from 'node:net';

/**
 * Which addresses the server may fetch an image from on a merchandiser's behalf (architecture.md, "Security rules"):
 * public unicast only. Everything that reaches the server's own network is refused: loopback, private and
 * carrier-grade NAT ranges, link-local (where cloud metadata services answer), unspecified, multicast, reserved and
 * documentation ranges, and IPv6 forms that embed such an IPv4 address (mapped, compatible, NAT64, 6to4).
 */
export type AddressCategory = 'loopback' | 'private' | 'link-local' | 'cloud metadata' | 'unspecified' | 'multicast' | 'reserved';

type Range = [prefix: string, bits: number, category: AddressCategory];

const V4_RANGES: Range[] = [
  ['169.254.169.254', 32, 'cloud metadata'],
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const V6_RANGES: Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fd00:ec2::254', 128, 'cloud metadata'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'],
  ['ff00::', 8, 'multicast'],
  ['100::', 64, 'reserved'],
  ['2001::', 32, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
];

/** IPv6 prefixes whose low bits carry an IPv4 address that decides: [prefix, bits, byte offset of the IPv4]. */
const EMBEDDING_V4: Array<[string, number, number]> = [
  ['::ffff:0:0', 96, 12], // IPv4-mapped
  ['::', 96, 12], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96, 12], // NAT64
  ['64:ff9b:1::', 48, 12], // local-use NAT64
  ['2002::', 16, 2], // 6to4
];

/** 4 or 16 bytes of an IP address in text form; null when it is not one. */
export function ipBytes(address: string): Uint8Array | null {
  const kind = net.isIP(address);
  if (kind === 4) return Uint8Array.from(address.split('.').map(Number));
  if (kind !== 6) return null;
  let text = address.replace(/%.*$/, '').toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1]!.split('.').map(Number));
    text = `${text.slice(0, dotted.index)}0:0`;
  }
  const [head = '', rest] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const before = groups(head);
  const after = rest === undefined ? [] : groups(rest);
  const all = [...before, ...Array(8 - before.length - after.length).fill(0), ...after];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  if (tail.length === 4) bytes.set(tail, 12);
  return bytes;
}

function inRange(bytes: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((bytes[bit >> 3]! & mask) !== (prefix[bit >> 3]! & mask)) return false;
  }
  return true;
}

const compile = (ranges: Range[]) => ranges.map(([prefix, bits, category]) => ({ prefix: ipBytes(prefix)!, bits, category }))
  // Most specific first: 169.254.169.254 is cloud metadata before it is link-local.
  .sort((a, b) => b.bits - a.bits);
const V4 = compile(V4_RANGES);
const V6 = compile(V6_RANGES);
const EMBEDDED = EMBEDDING_V4.map(([prefix, bits, offset]) => ({ prefix: ipBytes(prefix)!, bits, offset }));

/**
 * Why an address must not be fetched from, or null for a public unicast address. An address that cannot be
 * parsed is refused as reserved.
 */
export function forbiddenAddressCategory(address: string): AddressCategory | null {
  const bytes = ipBytes(address);
  if (!bytes) return 'reserved';
  if (bytes.length === 4) return V4.find((range) => inRange(bytes, range.prefix, range.bits))?.category ?? null;
  const own = V6.find((range) => inRange(bytes, range.prefix, range.bits))?.category;
  if (own) return own;
  for (const { prefix, bits, offset } of EMBEDDED) {
    if (!inRange(bytes, prefix, bits)) continue;
    const v4 = bytes.subarray(offset, offset + 4);
    return V4.find((range) => inRange(v4, range.prefix, range.bits))?.category ?? null;
  }
  return null;
}

/** A host (any port) or host:port the operator allows even though it resolves to a refused address. */
export interface AllowedHost {
  host: string;
  port: number | null;
}

/**
 * Parses FEWSHOT_IMAGE_FETCH_ALLOW_HOSTS: comma-separated `host`, `host:port`, `[v6]` or `[v6]:port`; names are
 * compared case-insensitively with the URL's host, as written in the URL (not what it resolves to).
 */
export function parseAllowHosts(value: string | undefined): { hosts: AllowedHost[]; problems: string[] } {
  const hosts: AllowedHost[] = [];
  const problems: string[] = [];
  for (const raw of (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean)) {
    const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]/\s@]+))(?::(\d{1,5}))?$/i.exec(raw);
    const port = match?.[3] === undefined ? null : Number(match[3]);
    const host = (match?.[1] ?? match?.[2] ?? '').toLowerCase();
    if (!match || (match[1] && net.isIP(host) !== 6) || (port !== null && (port < 1 || port > 65535))) {
      problems.push(`FEWSHOT_IMAGE_FETCH_ALLOW_HOSTS: "${raw}" is not a host or host:port (e.g. images.internal, 127.0.0.1:8080, [::1]:8080)`);
      continue;
    }
    hosts.push({ host, port });
  }
  return { hosts, problems };
}

/** Whether the operator allowed this URL's host (and port). */
export function isAllowedHost(url: URL, allowed: readonly AllowedHost[]): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return allowed.some((entry) => entry.host === host && (entry.port === null || entry.port === port));
}
