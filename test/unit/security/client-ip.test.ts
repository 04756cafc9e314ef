import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { clientIpResolver } from '../../../src/security/client-ip.js';
import { TrustedProxies, TrustedProxiesError } from '../../../src/security/trusted-proxies.js';

function request(remoteAddress: string | undefined, forwardedFor?: string | string[]): Request {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return { socket: { remoteAddress }, headers } as unknown as Request;
}

describe('the client IP', () => {
  it('is the socket address, whatever X-Forwarded-For says, when no proxy is trusted', () => {
    const clientIp = clientIpResolver([]);
    expect(clientIp(request('198.51.100.1', '203.0.113.7'))).toBe('198.51.100.1');
  });

  it('is the socket address when the peer is not one of the trusted proxies', () => {
    const clientIp = clientIpResolver(['10.0.0.0/8']);
    expect(clientIp(request('198.51.100.1', '203.0.113.7'))).toBe('198.51.100.1');
  });

  it('is the address a trusted proxy forwarded, read from the right past trusted hops', () => {
    const clientIp = clientIpResolver(['10.0.0.0/8', 'fd00::/8']);
    expect(clientIp(request('10.0.0.2', '6.6.6.6, 203.0.113.7, 10.1.1.1'))).toBe('203.0.113.7');
    expect(clientIp(request('fd00::5', ['6.6.6.6', '203.0.113.7']))).toBe('203.0.113.7');
  });

  it('stops at the proxy when it forwards nothing usable', () => {
    const clientIp = clientIpResolver(['10.0.0.0/8']);
    expect(clientIp(request('10.0.0.2'))).toBe('10.0.0.2');
    expect(clientIp(request('10.0.0.2', 'not-an-ip'))).toBe('10.0.0.2');
  });

  it('spells one address one way (IPv4-mapped, brackets, ports, case)', () => {
    const clientIp = clientIpResolver(['127.0.0.1']);
    expect(clientIp(request('::ffff:198.51.100.1'))).toBe('198.51.100.1');
    expect(clientIp(request('::ffff:127.0.0.1', '203.0.113.7:5123'))).toBe('203.0.113.7');
    expect(clientIp(request('127.0.0.1', '[2001:DB8::1]:443'))).toBe('2001:db8::1');
  });

  it('is "unknown" when the socket has closed', () => {
    expect(clientIpResolver([])(request(undefined))).toBe('unknown');
  });
});

describe('trusted proxies', () => {
  it.each([
    ['10.0.0.0/33', /prefix length out of 0-32/],
    ['fd00::/129', /prefix length out of 0-128/],
    ['10.0.0/8', /takes IP networks/],
    ['proxy.internal', /takes IP networks/],
    ['10.0.0.1:80', /takes IP networks/],
    ['0.0.0.0/0', /trusts every address/],
    ['::/0', /trusts every address/],
  ])('refuses %s with a message naming it', (entry, message) => {
    expect(() => TrustedProxies.parse([entry])).toThrow(TrustedProxiesError);
    expect(() => TrustedProxies.parse([entry])).toThrow(message);
    expect(() => TrustedProxies.parse([entry])).toThrow(entry);
  });

  it('accepts single addresses and networks of both families', () => {
    const proxies = TrustedProxies.parse(['192.168.1.10', '10.0.0.0/8', 'fd00::/8', '::1']);
    expect(proxies.includes('192.168.1.10')).toBe(true);
    expect(proxies.includes('192.168.1.11')).toBe(false);
    expect(proxies.includes('::ffff:10.2.3.4')).toBe(true);
    expect(proxies.includes('fd12::1')).toBe(true);
    expect(proxies.includes('::1')).toBe(true);
    expect(proxies.includes('fe80::1')).toBe(false);
  });
});
