import { describe, expect, it } from 'vitest';
import { forbiddenAddressCategory, isAllowedHost, parseAllowHosts } from './address-policy.ts';

describe('addresses an image may be fetched from', () => {
  it('refuses every address that reaches the server or its network, by name', () => {
    const cases: Array<[string, string]> = [
      ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['::1', 'loopback'],
      ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'], ['100.64.0.1', 'private'],
      ['fc00::1', 'private'], ['fd12:3456::1', 'private'],
      ['169.254.1.1', 'link-local'], ['fe80::1', 'link-local'], ['fe80::1%eth0', 'link-local'],
      ['169.254.169.254', 'cloud metadata'], ['fd00:ec2::254', 'cloud metadata'],
      ['0.0.0.0', 'unspecified'], ['::', 'unspecified'],
      ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['ff02::1', 'multicast'],
      ['255.255.255.255', 'reserved'], ['192.0.2.10', 'reserved'], ['2001:db8::1', 'reserved'],
      // IPv6 spellings of refused IPv4 addresses
      ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:169.254.169.254', 'cloud metadata'],
      ['::10.0.0.1', 'private'], ['64:ff9b::a9fe:a9fe', 'cloud metadata'], ['2002:c0a8:0101::1', 'private'],
      ['not an address', 'reserved'],
    ];
    for (const [address, category] of cases) expect(forbiddenAddressCategory(address), address).toBe(category);
  });

  it('lets public unicast addresses through', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:0808:0808::1']) {
      expect(forbiddenAddressCategory(address), address).toBeNull();
    }
  });

  it('parses the allow-list and matches hosts with or without a port', () => {
    const { hosts, problems } = parseAllowHosts(' 127.0.0.1:8080, Images.Internal ,[::1]:9000, bad host, x:99999 ');
    expect(hosts).toEqual([{ host: '127.0.0.1', port: 8080 }, { host: 'images.internal', port: null }, { host: '::1', port: 9000 }]);
    expect(problems).toHaveLength(2);
    expect(isAllowedHost(new URL('http://127.0.0.1:8080/a.png'), hosts)).toBe(true);
    expect(isAllowedHost(new URL('http://127.0.0.1:8081/a.png'), hosts)).toBe(false);
    expect(isAllowedHost(new URL('https://IMAGES.internal/a.png'), hosts)).toBe(true);
    expect(isAllowedHost(new URL('http://[::1]:9000/a.png'), hosts)).toBe(true);
    expect(isAllowedHost(new URL('http://localhost:8080/a.png'), hosts)).toBe(false);
    expect(parseAllowHosts(undefined)).toEqual({ hosts: [], problems: [] });
  });
});
