import { describe, expect, it } from 'vitest';
import { addressRefusal, guardedLookup, literalHostRefusal } from '#extraction/address-guard';

describe('addressRefusal', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.1', 'loopback'],
    ['017700000001', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['10.0.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['172.16.0.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['fd00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
  ])('refuses %s (%s)', (address, range) => {
    // Act
    const refusal = addressRefusal(address);

    // Assess
    expect(refusal).toBe(`${address} is a ${range} address`);
  });

  it.each([
    ['::7f00:1', 'IPv4-compatible (::/96)'],
    ['::a9fe:a9fe', 'IPv4-compatible (::/96)'],
    ['::a00:1', 'IPv4-compatible (::/96)'],
    ['::808:808', 'IPv4-compatible (::/96)'],
  ])('refuses %s, which embeds an IPv4 address (%s)', (address, range) => {
    // Act
    const refusal = addressRefusal(address);

    // Assess
    expect(refusal).toBe(`${address} is an ${range} address`);
  });

  it.each([
    ['64:ff9b::a9fe:a9fe', 'rfc6052'],
    ['64:ff9b:1::a00:1', 'rfc6052'],
    ['2001::1', 'teredo'],
    ['2002:a9fe:a9fe::', '6to4'],
    ['::ffff:0:a00:1', 'rfc6145'],
    ['::ffff:a9fe:a9fe', 'linkLocal'],
  ])('refuses %s, an IPv4 embedding of its own range (%s)', (address, range) => {
    // Act
    const refusal = addressRefusal(address);

    // Assess
    expect(refusal).toBe(`${address} is a ${range} address`);
  });

  it.each(['93.184.216.34', '2606:4700::1', '8.8.8.8', '[2001:4860:4860::8888]'])('allows %s', (address) => {
    // Act
    const refusal = addressRefusal(address);

    // Assess
    expect(refusal).toBeNull();
  });

  it('refuses what is not an address', () => {
    // Act
    const refusal = addressRefusal('example.com');

    // Assess
    expect(refusal).toMatch(/not an IP address/);
  });
});

describe('literalHostRefusal', () => {
  it.each([
    'http://127.1/',
    'http://017700000001/',
    'http://0x7f.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]:8080/',
  ])('refuses the IP literal in %s', (url) => {
    // Act
    const refusal = literalHostRefusal(new URL(url), addressRefusal);

    // Assess
    expect(refusal).toMatch(/loopback/);
  });

  it('refuses [::127.0.0.1], which the URL parser writes as the IPv4-compatible [::7f00:1]', () => {
    // Prepare
    const url = new URL('http://[::127.0.0.1]/');

    // Act
    const refusal = literalHostRefusal(url, addressRefusal);

    // Assess
    expect(url.hostname).toBe('[::7f00:1]');
    expect(refusal).toBe('::7f00:1 is an IPv4-compatible (::/96) address');
  });

  it('leaves names to the lookup', () => {
    // Act
    const refusal = literalHostRefusal(new URL('http://localhost/'), addressRefusal);

    // Assess
    expect(refusal).toBeNull();
  });
});

describe('guardedLookup', () => {
  const lookupWith = (addresses: [string, 4 | 6][], all: boolean) =>
    new Promise<{ error: Error | null; result: unknown }>((resolve) => {
      const lookup = guardedLookup(
        async () => addresses.map(([address, family]) => ({ address, family })),
        addressRefusal,
      );
      lookup('site.test', { all }, (error, address, family) =>
        resolve({ error, result: all ? address : [address, family] }),
      );
    });

  it.each<[string, [string, 4 | 6][]]>([
    ['a private address', [['10.0.0.1', 4]]],
    ['the metadata address', [['169.254.169.254', 4]]],
    ['IPv4-mapped loopback', [['::ffff:127.0.0.1', 6]]],
    ['a unique local address', [['fd00::1', 6]]],
    ['IPv4-compatible metadata', [['::a9fe:a9fe', 6]]],
    ['IPv4-compatible private', [['::a00:1', 6]]],
    ['NAT64 of the metadata address', [['64:ff9b::a9fe:a9fe', 6]]],
    ['Teredo', [['2001:0:4136:e378:8000:63bf:3fff:fdd2', 6]]],
  ])('refuses a name resolving to %s', async (_name, addresses) => {
    // Act
    const { error } = await lookupWith(addresses, true);

    // Assess
    expect(error?.name).toBe('AddressRefusedError');
    expect(error?.message).toContain('Refused to connect to site.test');
  });

  it('hands the socket only the addresses that passed', async () => {
    // Prepare
    const addresses: [string, 4 | 6][] = [
      ['10.0.0.1', 4],
      ['93.184.216.34', 4],
      ['fd00::1', 6],
      ['2606:4700::1', 6],
    ];

    // Act
    const all = await lookupWith(addresses, true);
    const one = await lookupWith(addresses, false);

    // Assess
    expect(all).toEqual({
      error: null,
      result: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700::1', family: 6 },
      ],
    });
    expect(one).toEqual({ error: null, result: ['93.184.216.34', 4] });
  });
});
