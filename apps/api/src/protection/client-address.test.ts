import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressBucket, clientAddress, normaliseAddress } from './client-address.ts';

function request(peer: string, forwardedFor?: string | string[]): Pick<http.IncomingMessage, 'headers' | 'socket'> {
  return { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress: peer } } as Pick<http.IncomingMessage, 'headers' | 'socket'>;
}

describe('clientAddress', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), 0)).toBe('203.0.113.7');
    expect(clientAddress(request('::ffff:203.0.113.7'), 0)).toBe('203.0.113.7');
  });

  it('behind n trusted proxies, is the entry n steps back from the peer (a client-forged first entry is passed over)', () => {
    // forged, real client, first proxy; the peer is the second proxy
    const chain = request('10.0.0.2', '6.6.6.6, 198.51.100.20, 10.0.0.1');
    expect(clientAddress(chain, 1)).toBe('10.0.0.1');
    expect(clientAddress(chain, 2)).toBe('198.51.100.20');
    // More trusted proxies than entries: the first entry.
    expect(clientAddress(chain, 5)).toBe('6.6.6.6');
    // No header: the peer.
    expect(clientAddress(request('10.0.0.2'), 1)).toBe('10.0.0.2');
    // Several headers count as one list, in order.
    expect(clientAddress(request('10.0.0.2', ['198.51.100.20', '10.0.0.1']), 2)).toBe('198.51.100.20');
  });

  it('normalises what proxies write: ports, brackets, IPv4 over IPv6, case', () => {
    expect(normaliseAddress('198.51.100.20:4711')).toBe('198.51.100.20');
    expect(normaliseAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normaliseAddress('::FFFF:198.51.100.20')).toBe('198.51.100.20');
    expect(normaliseAddress(' 2001:db8::1 ')).toBe('2001:db8::1');
  });
});

describe('addressBucket', () => {
  it('keeps IPv4 addresses apart and counts an IPv6 /56 as one', () => {
    expect(addressBucket('198.51.100.20')).toBe('198.51.100.20');
    expect(addressBucket('198.51.100.21')).toBe('198.51.100.21');
    const bucket = addressBucket('2001:db8:abcd:1234::1');
    expect(bucket).toBe('2001:0db8:abcd:1200::/56');
    expect(addressBucket('2001:db8:abcd:12ff:ffff:ffff:ffff:ffff')).toBe(bucket);
    expect(addressBucket('2001:db8:abcd:1300::1')).not.toBe(bucket);
    expect(addressBucket('::1')).toBe('0000:0000:0000:0000::/56');
    expect(addressBucket('64:ff9b::198.51.100.20')).toBe('0064:ff9b:0000:0000::/56');
    expect(addressBucket('')).toBe('');
  });
});
