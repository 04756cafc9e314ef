import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  oauthFlags as flags,
  GOOGLE_DEFAULT_SCOPES,
  OAuthSettingsError,
  resolveOAuthSettings,
} from '../../../src/oauth/oauth-settings.js';

const GOOGLE_ENV = {
  GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com',
  GOOGLE_CLIENT_SECRET: 'g-secret',
  REGISTRATION_TOKEN: 'r'.repeat(32),
};
const on = { enableOauth: true, oauthBaseUrl: 'https://mcp.example.com/' };

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof OAuthSettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected an OAuthSettingsError');
}

describe('resolveOAuthSettings', () => {
  it('resolves nothing while --enable-oauth is off', () => {
    expect(resolveOAuthSettings({}, {}).settings).toBeUndefined();
  });

  it('applies the defaults of the issue: google, 1h access, 90d refresh, 10 clients per IP', () => {
    const { settings } = resolveOAuthSettings(on, GOOGLE_ENV);
    expect(settings).toMatchObject({
      baseUrl: 'https://mcp.example.com',
      upstream: { provider: 'google', clientId: 'id.apps.googleusercontent.com' },
      scopes: GOOGLE_DEFAULT_SCOPES,
      accessTokenTtlMs: 3_600_000,
      refreshTokenTtlMs: 90 * 86_400_000,
      maxClientsPerIp: 10,
      allowPublicRegistration: false,
      allowInsecureAuthWithoutState: false,
    });
    expect(settings?.upstream.clientSecret.reveal()).toBe('g-secret');
  });

  it('refuses plain http beyond loopback with a message saying OAuth 2.1 requires HTTPS', () => {
    const problems = problemsOf(() =>
      resolveOAuthSettings({ ...on, oauthBaseUrl: 'http://mcp.example.com' }, GOOGLE_ENV),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^OAuth 2\.1 requires HTTPS: --oauth-base-url http:\/\/mcp\.example\.com/),
    ]);
    expect(
      resolveOAuthSettings({ ...on, oauthBaseUrl: 'http://127.0.0.1:8080' }, GOOGLE_ENV).settings?.baseUrl,
    ).toBe('http://127.0.0.1:8080');
  });

  it('says the Google OAuth credentials were not found', () => {
    const problems = problemsOf(() => resolveOAuthSettings(on, { REGISTRATION_TOKEN: 'r'.repeat(32) }));
    expect(problems).toEqual([
      expect.stringMatching(/^Google OAuth credentials were not found: set --google-client-id/),
    ]);
  });

  it('requires the registration token unless registration is public or limited to trusted schemes', () => {
    const withoutToken = { GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' };
    expect(problemsOf(() => resolveOAuthSettings(on, withoutToken))).toEqual([
      expect.stringMatching(
        /^--registration-token \(or REGISTRATION_TOKEN, or --registration-token-file\) is required/,
      ),
    ]);
    expect(resolveOAuthSettings({ ...on, allowPublicRegistration: true }, withoutToken).warnings).toContain(
      '--allow-public-registration: anyone can register OAuth clients (insecure)',
    );
    expect(
      resolveOAuthSettings({ ...on, trustedPublicRegistrationSchemes: 'cursor,vscode' }, withoutToken)
        .settings,
    ).toMatchObject({ trustedPublicRegistrationSchemes: ['cursor', 'vscode'] });
  });

  it('reads secrets from files and never prints them', () => {
    const directory = mkdtempSync(join(tmpdir(), 'oauth-settings-'));
    const secretFile = join(directory, 'secret');
    writeFileSync(secretFile, 'from-a-file\n');
    const { settings } = resolveOAuthSettings(
      { ...on, googleClientSecretFile: secretFile },
      { GOOGLE_CLIENT_ID: 'id', REGISTRATION_TOKEN: 'r'.repeat(32) },
    );
    expect(settings?.upstream.clientSecret.reveal()).toBe('from-a-file');
    const printed = `${inspect(settings)} ${JSON.stringify(settings)} ${String(settings?.upstream.clientSecret)}`;
    expect(printed).not.toContain('from-a-file');
    expect(printed).not.toContain('r'.repeat(32));
  });

  it('warns when a secret is given on the command line, and refuses a secret given twice', () => {
    const { warnings } = resolveOAuthSettings({ ...on, googleClientSecret: 'argv' }, { ...GOOGLE_ENV });
    expect(warnings[0]).toMatch(/^--google-client-secret on the command line is visible/);
    expect(
      problemsOf(() => resolveOAuthSettings({ ...on, googleClientSecretFile: '/nonexistent' }, GOOGLE_ENV)),
    ).toEqual([
      'give --google-client-secret (or GOOGLE_CLIENT_SECRET) or --google-client-secret-file, not both',
    ]);
  });

  it('refuses an encryption key that is not 32 bytes without echoing it', () => {
    const key = Buffer.alloc(31, 7).toString('base64');
    const problems = problemsOf(() => resolveOAuthSettings(on, { ...GOOGLE_ENV, OAUTH_ENCRYPTION_KEY: key }));
    expect(problems).toEqual([
      expect.stringMatching(/^--oauth-encryption-key must decode to exactly 32 bytes, not 31/),
    ]);
    expect(problems.join()).not.toContain(key);
  });

  it('requires the issuer and credentials of a generic OpenID provider, https unless loopback', () => {
    const problems = problemsOf(() =>
      resolveOAuthSettings(
        { ...on, oauthProvider: 'oidc', oidcIssuerUrl: 'http://dex.example.com' },
        GOOGLE_ENV,
      ),
    );
    expect(problems).toEqual([
      '--oidc-issuer-url must be an https URL (http only on loopback), got "http://dex.example.com"',
      expect.stringMatching(/^OIDC client credentials were not found/),
    ]);
  });

  it('names the flag of a malformed value', () => {
    expect(
      problemsOf(() => resolveOAuthSettings({ ...on, accessTokenTtl: '5 minutes' }, GOOGLE_ENV)),
    ).toEqual([
      '--access-token-ttl takes a duration such as 30m, 1h or 90d, from 10s to 1d, got "5 minutes"',
    ]);
    expect(problemsOf(() => resolveOAuthSettings({ ...on, oauthProvider: 'github' }, GOOGLE_ENV))).toEqual([
      '--oauth-provider takes one of google, oidc, got "github"',
    ]);
  });

  it('gives refresh-token reuse a 10 s grace by default; 0 makes it strict; at most a minute', () => {
    const grace = (value?: string, env: Record<string, string> = {}) =>
      resolveOAuthSettings(value === undefined ? on : { ...on, refreshTokenReuseGrace: value }, {
        ...GOOGLE_ENV,
        ...env,
      }).settings?.refreshTokenReuseGraceMs;
    expect(grace()).toBe(10_000);
    expect(grace('0')).toBe(0);
    expect(grace('30s')).toBe(30_000);
    expect(grace(undefined, { MCP_KUBERNETES_REFRESH_TOKEN_REUSE_GRACE: '5s' })).toBe(5000);
    expect(problemsOf(() => grace('2m'))).toEqual([
      '--refresh-token-reuse-grace takes a duration such as 30m, 1h or 90d, from 0s to 60s, got "2m"',
    ]);
  });
});

describe('the flag table', () => {
  it('has every flag of the issue with its environment variable', () => {
    const byName = Object.fromEntries(flags.map((flag) => [flag.name, flag.env]));
    expect(byName).toMatchObject({
      '--enable-oauth': 'MCP_KUBERNETES_ENABLE_OAUTH',
      '--google-client-id': 'GOOGLE_CLIENT_ID',
      '--google-client-secret': 'GOOGLE_CLIENT_SECRET',
      '--oidc-issuer-url': 'OIDC_ISSUER_URL',
      '--registration-token': 'REGISTRATION_TOKEN',
      '--oauth-encryption-key': 'OAUTH_ENCRYPTION_KEY',
      '--max-clients-per-ip': 'MCP_KUBERNETES_MAX_CLIENTS_PER_IP',
    });
    expect(flags.filter((flag) => flag.secret).map((flag) => flag.name)).toEqual([
      '--google-client-secret',
      '--oidc-client-secret',
      '--registration-token',
      '--oauth-encryption-key',
      '--oauth-encryption-key-previous',
    ]);
  });
});
