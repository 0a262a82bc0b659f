import type http from 'node:http';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Which proxies in front of the api to believe about the client's address: a count (a fixed chain, e.g. one load
 * balancer: 1; 0 believes none) or the proxies' own addresses and ranges (`ProxyRanges`), which also holds when
 * requests reach the api by different paths (through the balancer, or straight from inside the network).
 */
export type TrustedProxies = number | ProxyRanges;

/** Named ranges, as other servers (Express's `trust proxy`) name them. */
const NAMED_RANGES: Record<string, Array<[string, number, 'ipv4' | 'ipv6']>> = {
  loopback: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']],
  private: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6']],
  linklocal: [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']],
};

/** Proxies trusted by address: single addresses, CIDR ranges and the named ranges, in Node's own `BlockList`. */
export class ProxyRanges {
  private readonly list = new BlockList();

  constructor(readonly entries: readonly string[]) {
    for (const entry of entries) {
      const named = NAMED_RANGES[entry];
      if (named) {
        for (const [network, prefix, family] of named) this.list.addSubnet(network, prefix, family);
        continue;
      }
      const [address, prefix] = entry.split('/') as [string, string | undefined];
      const family = isIPv4(address) ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(prefix), family);
    }
  }

  has(address: string): boolean {
    if (isIPv4(address)) return this.list.check(address, 'ipv4');
    return isIPv6(address) && this.list.check(address, 'ipv6');
  }
}

/**
 * FEWSHOT_TRUSTED_PROXIES: a whole number (how many proxies stand in front), or comma-separated addresses, CIDR
 * ranges (`10.0.0.0/8`, `fd00::/8`) and the names `loopback`, `private`, `linklocal`. Problems name the entry.
 */
export function parseTrustedProxies(value: string | undefined): { trusted: TrustedProxies; problems: string[] } {
  const text = (value ?? '').trim();
  if (text === '') return { trusted: 0, problems: [] };
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    return count <= 10 ? { trusted: count, problems: [] } : { trusted: 0, problems: [`FEWSHOT_TRUSTED_PROXIES: ${count} proxies in a row is more than any real chain (at most 10); or list their addresses and ranges`] };
  }
  const entries = text.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  const problems = entries.flatMap((entry) => {
    if (NAMED_RANGES[entry]) return [];
    const [address, prefix, extra] = entry.split('/');
    const bits = isIPv4(address ?? '') ? 32 : isIPv6(address ?? '') ? 128 : 0;
    if (bits === 0 || extra !== undefined || (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= bits))) {
      return [`FEWSHOT_TRUSTED_PROXIES: "${entry}" is not a count, an IP address, a CIDR range (10.0.0.0/8, fd00::/8) or one of ${Object.keys(NAMED_RANGES).join(', ')}`];
    }
    return [];
  });
  return problems.length > 0 ? { trusted: 0, problems } : { trusted: new ProxyRanges(entries), problems: [] };
}

/**
 * The address a request comes from. With no proxies trusted it is the connection's peer: an `X-Forwarded-For` is then
 * the client's own word and is ignored (a client could name a fresh address per request). Each trusted proxy appends
 * the address it was reached from, so the header is read from its end, nearest first:
 * - behind a count of proxies (a load balancer: 1), the entry that many steps back from the peer, the last proxy's
 *   view of its client, which that client cannot forge; a header with fewer entries stops at its first one;
 * - behind proxies trusted by address, the first address, from the peer back, that is not one of them (a request
 *   straight from a client is its peer, whatever it sent); when every one is, the first entry.
 */
export function clientAddress(req: Pick<http.IncomingMessage, 'headers' | 'socket'>, trusted: TrustedProxies): string {
  const peer = normaliseAddress(req.socket.remoteAddress ?? '');
  if (typeof trusted === 'number' && trusted <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Nearest first: the peer, then what each proxy says it was reached from.
  const hops = [peer, ...forwarded.reverse().map(normaliseAddress)];
  if (typeof trusted === 'number') return hops[Math.min(trusted, hops.length - 1)]!;
  return hops.find((hop) => !trusted.has(hop)) ?? hops[hops.length - 1]!;
}

/** An IPv4 address reached over IPv6 (`::ffff:1.2.3.4`) as the IPv4 address; a `[v6]:port` or `v4:port` without the port. */
export function normaliseAddress(address: string): string {
  let text = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const mapped = /^::ffff:([\d.]+)$/i.exec(text);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  return text.toLowerCase();
}

/**
 * What an address counts as for a per-address limit: an IPv4 address itself; an IPv6 address by its /56 prefix,
 * since one customer is commonly given a /56 (or a /64 inside it) and can use any address in it, so counting single
 * IPv6 addresses would give one client billions of budgets. Anything else (no address at all) counts as itself.
 */
export function addressBucket(address: string): string {
  if (isIPv4(address) || !isIPv6(address)) return address;
  const groups = expandIPv6(address);
  // 56 bits: three groups and the high byte of the fourth.
  return `${groups.slice(0, 3).join(':')}:${groups[3]!.slice(0, 2)}00::/56`;
}

/** The eight 4-digit groups of an IPv6 address (`::` expanded, an embedded IPv4 tail as two groups). */
function expandIPv6(address: string): string[] {
  let text = address.replace(/%.*$/, '');
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4Tail) {
    const [a, b, c, d] = v4Tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -v4Tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => group.padStart(4, '0'));
}
