import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressBucket, clientAddress, normaliseAddress, parseTrustedProxies } from './client-address.ts';

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

describe('proxies trusted by address (FEWSHOT_TRUSTED_PROXIES=10.0.0.0/8,…)', () => {
  const trusted = (value: string) => {
    const { trusted: parsed, problems } = parseTrustedProxies(value);
    expect(problems).toEqual([]);
    return parsed;
  };

  it('skips every trusted hop from the peer back: the first address that is not a proxy is the client', () => {
    const ranges = trusted('10.0.0.0/8, 2001:db8:ff::/48');
    // forged, real client, an inner proxy; the peer is the balancer
    expect(clientAddress(request('10.0.0.2', '6.6.6.6, 198.51.100.20, 10.0.0.1'), ranges)).toBe('198.51.100.20');
    // The same client reaching the api through one proxy only: the same answer, where a count of 2 would say 6.6.6.6.
    expect(clientAddress(request('10.0.0.2', '6.6.6.6, 198.51.100.20'), ranges)).toBe('198.51.100.20');
    expect(clientAddress(request('10.0.0.2', '6.6.6.6, 198.51.100.20'), 2)).toBe('6.6.6.6');
    // A client that reaches the api directly cannot choose its address by sending the header.
    expect(clientAddress(request('198.51.100.30', '6.6.6.6'), ranges)).toBe('198.51.100.30');
    // IPv6 proxies by prefix, IPv4 through IPv6 as IPv4.
    expect(clientAddress(request('2001:db8:ff:1::5', '[2001:db8:1::9]:5000'), ranges)).toBe('2001:db8:1::9');
    expect(clientAddress(request('::ffff:10.1.2.3', '198.51.100.40'), ranges)).toBe('198.51.100.40');
    // Every hop a proxy (traffic from inside the network): the first entry.
    expect(clientAddress(request('10.0.0.2', '10.9.9.9, 10.0.0.1'), ranges)).toBe('10.9.9.9');
  });

  it('knows single addresses and the named ranges loopback, private and linklocal', () => {
    expect(clientAddress(request('127.0.0.1', '198.51.100.50'), trusted('loopback'))).toBe('198.51.100.50');
    expect(clientAddress(request('::1', '198.51.100.50'), trusted('loopback'))).toBe('198.51.100.50');
    expect(clientAddress(request('192.168.4.4', '198.51.100.50, 172.20.0.3'), trusted('private'))).toBe('198.51.100.50');
    expect(clientAddress(request('fd12::1', '198.51.100.50'), trusted('private'))).toBe('198.51.100.50');
    expect(clientAddress(request('169.254.169.254', '198.51.100.50'), trusted('linklocal'))).toBe('198.51.100.50');
    expect(clientAddress(request('203.0.113.9', '198.51.100.50'), trusted('203.0.113.9'))).toBe('198.51.100.50');
    expect(clientAddress(request('203.0.113.10', '198.51.100.50'), trusted('203.0.113.9'))).toBe('203.0.113.10');
  });

  it('reads a count as before, and refuses an entry it cannot read by name', () => {
    expect(parseTrustedProxies(undefined)).toEqual({ trusted: 0, problems: [] });
    expect(parseTrustedProxies(' 1 ')).toEqual({ trusted: 1, problems: [] });
    expect(parseTrustedProxies('11').problems).toEqual(['FEWSHOT_TRUSTED_PROXIES: 11 proxies in a row is more than any real chain (at most 10); or list their addresses and ranges']);
    const known = 'is not a count, an IP address, a CIDR range (10.0.0.0/8, fd00::/8) or one of loopback, private, linklocal';
    expect(parseTrustedProxies('10.0.0.0/8, lb.internal, 10.0.0.0/33, fd00::/129, 1.2.3.4/8/1').problems).toEqual(
      ['lb.internal', '10.0.0.0/33', 'fd00::/129', '1.2.3.4/8/1'].map((entry) => `FEWSHOT_TRUSTED_PROXIES: "${entry}" ${known}`),
    );
  });
});
