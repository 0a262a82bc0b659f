import type http from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The address a request comes from. With no proxies trusted it is the connection's peer: an `X-Forwarded-For` is then
 * the client's own word and is ignored (a client could name a fresh address per request). Behind `trustedProxies`
 * proxies (a load balancer: 1), each of which appends the address it was reached from, it is the entry that many
 * steps back from the peer: the last proxy's view of its client, which that client cannot forge. A header with fewer
 * entries than that stops at its first one.
 */
export function clientAddress(req: Pick<http.IncomingMessage, 'headers' | 'socket'>, trustedProxies: number): string {
  const peer = normaliseAddress(req.socket.remoteAddress ?? '');
  if (trustedProxies <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Nearest first: the peer, then what each proxy says it was reached from.
  const hops = [peer, ...forwarded.reverse().map(normaliseAddress)];
  return hops[Math.min(trustedProxies, hops.length - 1)]!;
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
