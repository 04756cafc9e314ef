import { describe, expect, it } from 'vitest';
import {
  canonicalIp,
  ipFamily,
  isLoopbackAddress,
  isLoopbackHost,
  isNonPublicAddress,
} from '../../../src/net/addresses.js';

const hostnameOf = (url: string) => new URL(url).hostname;

describe('loopback', () => {
  it.each([
    '127.0.0.1',
    '127.9.9.9',
    '127.255.255.255',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
  ])('knows %s is a loopback address', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
    expect(isLoopbackHost(address)).toBe(true);
  });

  it.each([
    '',
    '0.0.0.0',
    '::',
    '10.0.0.1',
    '128.0.0.1',
    '126.255.255.255',
    '::2',
    '::ffff:10.0.0.1',
    'example.com',
  ])('knows %j is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('takes localhost as a loopback host, in any case, but not as an address', () => {
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackAddress('localhost')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });

  it('does not read numeric tricks as written, but sees through them once the URL parser has', () => {
    expect(isLoopbackHost('0x7f.1')).toBe(false);
    expect(isLoopbackHost('2130706433')).toBe(false);
    expect(isLoopbackHost(hostnameOf('http://0x7f.1/'))).toBe(true);
    expect(isLoopbackHost(hostnameOf('http://2130706433/'))).toBe(true);
    expect(isLoopbackHost(hostnameOf('http://[::ffff:7f00:1]/'))).toBe(true);
  });
});

describe('non-public addresses', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    '[fe80::1]',
    '::',
    'ff02::1',
    '::ffff:192.168.1.1',
    '::ffff:169.254.169.254',
  ])('knows %s is private, link-local, unspecified, multicast or reserved', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', 'example.com'])(
    'knows %s is public or a name',
    (host) => {
      expect(isNonPublicAddress(host)).toBe(false);
    },
  );
});

describe('address spellings', () => {
  it('tells the family of literals, brackets or not, and nothing for names', () => {
    expect([ipFamily('10.0.0.1'), ipFamily('::1'), ipFamily('[::1]'), ipFamily('example.com')]).toEqual([
      'ipv4',
      'ipv6',
      'ipv6',
      undefined,
    ]);
  });

  it.each([
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['[::1]:443', '::1'],
    ['1.2.3.4:5678', '1.2.3.4'],
    ['FE80::1%eth0', 'fe80::1'],
  ])('writes %s as %s', (text, canonical) => {
    expect(canonicalIp(text)).toBe(canonical);
  });
});
