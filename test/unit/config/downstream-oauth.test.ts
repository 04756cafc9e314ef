import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { parseServerConfig } from '../../../src/settings/parse-server-config.js';

const OAUTH = {
  enableOauth: true,
  oauthBaseUrl: 'http://127.0.0.1:8080',
  oauthProvider: 'oidc',
  oidcIssuerUrl: 'http://127.0.0.1:9000',
  oidcClientId: 'mcp-kubernetes',
  oidcClientSecret: 'secret',
  registrationToken: 'registration-token-0123456789abcdef',
} as const;
const HTTP = { transport: 'streamable-http' } as const;

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('the downstream OAuth flags', () => {
  it('default to the secure choices: ID token, own token, no fallback', () => {
    const config = parseServerConfig({ ...HTTP, oauth: OAUTH, downstreamOauth: true }, {});
    expect(config).toMatchObject({
      downstreamOauth: true,
      downstreamToken: 'id-token',
      downstreamAuth: 'token',
      downstreamOauthInsecureFallback: false,
    });
    expect(config.warnings.join('\n')).not.toContain('insecure-fallback');
  });

  it('refuses --downstream-oauth without --enable-oauth, saying why', () => {
    expect(problemOf(() => parseServerConfig({ ...HTTP, downstreamOauth: true }, {}))).toMatch(
      /--downstream-oauth needs --enable-oauth/,
    );
  });

  it('refuses the insecure fallback without --downstream-oauth', () => {
    const run = () => parseServerConfig({ ...HTTP, oauth: OAUTH, downstreamOauthInsecureFallback: true }, {});
    expect(problemOf(run)).toMatch(/--downstream-oauth-insecure-fallback takes effect only with/);
  });

  it('warns at start-up about the insecure fallback', () => {
    const config = parseServerConfig(
      { ...HTTP, oauth: OAUTH, downstreamOauth: true, downstreamOauthInsecureFallback: true },
      {},
    );
    expect(config.warnings.join('\n')).toContain('--downstream-oauth-insecure-fallback');
  });

  it('takes access-token and impersonate, and refuses other values', () => {
    const config = parseServerConfig(
      {
        ...HTTP,
        oauth: OAUTH,
        downstreamOauth: true,
        downstreamToken: 'access-token',
        downstreamAuth: 'impersonate',
      },
      {},
    );
    expect(config).toMatchObject({ downstreamToken: 'access-token', downstreamAuth: 'impersonate' });
    expect(
      problemOf(() => parseServerConfig({ downstreamToken: 'refresh-token' as 'id-token' }, {})),
    ).toContain('takes one of id-token, access-token');
  });
});
