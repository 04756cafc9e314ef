import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { secretWeakness } from '../../../src/security/token-strength.js';
import { parseServerConfig } from '../../../src/settings/parse-server-config.js';

/** The security settings as `serve` parses them, with the rest of the configuration. */
const securityOf = (input: Record<string, unknown>, server: { transport: string }) =>
  parseServerConfig({ ...input, transport: server.transport } as Parameters<typeof parseServerConfig>[0]);

const HTTP = { transport: 'streamable-http' };

function problemsOf(input: Record<string, unknown>, server = HTTP): string[] {
  try {
    securityOf(input, server);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('the security settings', () => {
  it('default to rate limits on, audit on stderr, no proxies, no origins', () => {
    expect(securityOf({}, HTTP)).toMatchObject({
      trustedProxies: [],
      allowedOrigins: [],
      rateLimitIp: 10,
      rateLimitIpBurst: 20,
      rateLimitUser: 100,
      rateLimitUserBurst: 200,
      rateLimitRegistration: 10,
      auditLog: 'stderr',
      enableHsts: false,
    });
  });

  it('take the values as the command line gives them', () => {
    const settings = securityOf(
      {
        rateLimitIp: '0',
        trustedProxies: '10.0.0.0/8, fd00::/8',
        allowedOrigins: 'https://a.example',
        enableHsts: true,
      },
      HTTP,
    );
    expect(settings).toMatchObject({
      rateLimitIp: 0,
      trustedProxies: ['10.0.0.0/8', 'fd00::/8'],
      allowedOrigins: ['https://a.example'],
      enableHsts: true,
    });
  });

  it('name the flag and the entry of an invalid origin or proxy', () => {
    expect(problemsOf({ allowedOrigins: 'https://ok.example,example.com' })).toEqual([
      expect.stringMatching(/^--allowed-origins entry "example.com" is not an origin/),
    ]);
    expect(problemsOf({ trustedProxies: '10.0.0.0/40' })).toEqual([
      expect.stringMatching(/^--trusted-proxies entry "10.0.0.0\/40"/),
    ]);
  });

  it('refuse a burst below its rate, a lone TLS file, a short audit key and audit on stdio stdout', () => {
    expect(problemsOf({ rateLimitIp: 10, rateLimitIpBurst: 5 })).toEqual([
      '--rate-limit-ip-burst (5) must be at least --rate-limit-ip (10)',
    ]);
    expect(problemsOf({ tlsKeyFile: '/tls.key' })).toEqual([expect.stringMatching(/go together/)]);
    expect(problemsOf({ auditHmacKey: 'short' })).toEqual([expect.stringMatching(/at least 32 characters/)]);
    expect(problemsOf({ auditLog: 'stdout' }, { transport: 'stdio' })).toEqual([
      expect.stringMatching(/stdout carries the protocol/),
    ]);
    expect(problemsOf({ auditLog: 'false' })).toEqual([expect.stringMatching(/use off to turn it off/)]);
  });
});

describe('secret strength', () => {
  it.each([
    ['dev-registration-token-123', /26 characters/],
    ['my-super-secret-registration-token-2024', /common words/],
    ['passwordpasswordpasswordpassword', /repeats a few characters|common words/],
    ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', /repeats/],
  ])('finds %s weak', (secret, why) => {
    expect(secretWeakness(secret)).toMatch(why);
  });

  it('finds a random hex token strong', () => {
    expect(
      secretWeakness('3f9a1c7e5b2d8f40a6c1e9b7d3f5a2c8e0b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1'),
    ).toBeUndefined();
  });
});
