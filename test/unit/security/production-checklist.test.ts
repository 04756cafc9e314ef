import { describe, expect, it } from 'vitest';
import {
  checklistPassed,
  type DeploymentFacts,
  evaluateProductionChecklist,
} from '../../../src/security/production-checklist.js';
import {
  missingEncryptionKeyWarning,
  securityStartupWarnings,
} from '../../../src/security/startup-warnings.js';
import { parseServerConfig } from '../../../src/settings/parse-server-config.js';

/** The security settings as `serve` parses them, with the rest of the configuration. */
const securityOf = (input: Record<string, unknown>, server: { transport: string }) =>
  parseServerConfig({ ...input, transport: server.transport } as Parameters<typeof parseServerConfig>[0]);

const NOW = new Date('2025-05-01T00:00:00Z');
const STRONG_TOKEN = '3f9a1c7e5b2d8f40a6c1e9b7d3f5a2c8e0b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1';

function facts(
  overrides: Partial<DeploymentFacts> = {},
  oauth: Record<string, unknown> = {},
): DeploymentFacts {
  return {
    transport: 'streamable-http',
    httpAddr: '0.0.0.0:8080',
    allowUnauthenticatedHttp: false,
    debug: false,
    logLevel: 'info',
    oauth: {
      baseUrl: 'https://mcp.example.com',
      allowPublicRegistration: false,
      trustedPublicRegistrationSchemes: [],
      allowInsecureAuthWithoutState: false,
      registrationToken: { reveal: () => STRONG_TOKEN },
      encryptionKey: {},
      ...oauth,
    },
    security: securityOf({ trustedProxies: ['10.0.0.0/8'] }, { transport: 'streamable-http' }),
    tls: undefined,
    auditKeySource: 'encryption-key',
    downstreamInsecureFallback: false,
    conformanceFixtures: false,
    now: NOW,
    ...overrides,
  };
}

const statusOf = (results: ReturnType<typeof evaluateProductionChecklist>, id: string) =>
  results.find((result) => result.id === id)?.status;

describe('the production checklist', () => {
  it('passes a secure deployment', () => {
    const results = evaluateProductionChecklist(facts());
    expect(results.filter((result) => result.status !== 'pass')).toEqual([]);
    expect(checklistPassed(results)).toBe(true);
  });

  it.each([
    ['https', facts({}, { baseUrl: 'http://localhost:8080' })],
    ['https', facts({ security: securityOf({}, { transport: 'streamable-http' }) })],
    [
      'https',
      facts({ tls: { serverOptions: {}, notAfter: new Date('2025-04-01T00:00:00Z'), subject: 'CN=x' } }),
    ],
    ['public-registration', facts({}, { allowPublicRegistration: true })],
    ['state', facts({}, { allowInsecureAuthWithoutState: true })],
    ['debug', facts({ debug: true })],
    ['debug', facts({ logLevel: 'trace' })],
    ['encryption-key', facts({}, { encryptionKey: undefined })],
    ['registration-token', facts({}, { registrationToken: undefined })],
    ['registration-token', facts({}, { registrationToken: { reveal: () => 'dev-registration-token-123' } })],
    [
      'cors',
      facts({
        security: securityOf({ allowedOrigins: 'http://app.example.com' }, { transport: 'sse' }),
      }),
    ],
    ['rate-limits', facts({ security: securityOf({ rateLimitUser: 0 }, { transport: 'sse' }) })],
    ['audit', facts({ security: securityOf({ auditLog: 'off' }, { transport: 'sse' }) })],
    ['downstream-fallback', facts({ downstreamInsecureFallback: true })],
    ['conformance-fixtures', facts({ conformanceFixtures: true })],
    ['conformance-fixtures', facts({ conformanceFixtures: true, transport: 'stdio', oauth: undefined })],
    ['authentication', facts({ oauth: undefined, allowUnauthenticatedHttp: true })],
  ])('fails %s on an insecure setting', (id, deployment) => {
    const results = evaluateProductionChecklist(deployment);
    expect(statusOf(results, id)).toBe('fail');
    expect(checklistPassed(results)).toBe(false);
  });

  it('only warns about audit hashes that change at every restart', () => {
    const results = evaluateProductionChecklist(facts({ auditKeySource: 'random' }));
    expect(statusOf(results, 'audit')).toBe('warn');
    expect(checklistPassed(results)).toBe(true);
  });

  it('skips the network items for stdio', () => {
    const results = evaluateProductionChecklist(facts({ transport: 'stdio', oauth: undefined }));
    expect(statusOf(results, 'https')).toBe('skip');
    expect(checklistPassed(results)).toBe(true);
  });
});

describe('start-up warnings', () => {
  it('shout when tokens are stored unencrypted on a public base URL', () => {
    expect(missingEncryptionKeyWarning('https://mcp.example.com', false)).toMatch(/^NO ENCRYPTION KEY/);
    expect(missingEncryptionKeyWarning('https://mcp.example.com', true)).toBeUndefined();
    expect(missingEncryptionKeyWarning('http://127.0.0.1:8080', false)).toBeUndefined();
    const warnings = securityStartupWarnings(facts({}, { encryptionKey: undefined }));
    expect(warnings).toEqual([expect.stringMatching(/^NO ENCRYPTION KEY: https:\/\/mcp.example.com/)]);
  });

  it('are what the checklist fails or warns about', () => {
    const warnings = securityStartupWarnings(
      facts({ auditKeySource: 'random' }, { allowPublicRegistration: true }),
    );
    expect(warnings).toEqual([
      expect.stringMatching(/^not met: no public client registration \(--allow-public-registration/),
      expect.stringMatching(/^not met: audit logging on \(.*AUDIT_HMAC_KEY.*\)$/),
    ]);
  });

  it('leave out what only production needs on a loopback development server', () => {
    const development = facts(
      {},
      { baseUrl: 'http://localhost:8080', encryptionKey: undefined, allowPublicRegistration: true },
    );
    expect(securityStartupWarnings(development)).toEqual([
      expect.stringMatching(/--allow-public-registration/),
    ]);
    expect(securityStartupWarnings(facts({ oauth: undefined, httpAddr: '127.0.0.1:8080' }))).toEqual([]);
  });
});
