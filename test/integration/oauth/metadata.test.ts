import { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeUrl, type Harness, registerClient, startHarness } from './oauth-harness.js';

const UPSTREAM_SCOPES = ['openid', 'email', 'profile'];
const KUBERNETES_SCOPES = [
  'kubernetes:read',
  'kubernetes:write',
  'kubernetes:exec',
  'kubernetes:port-forward',
];

type Json = Record<string, unknown>;

/** Approves consent and stops where our server sends the browser to the identity provider. */
async function upstreamAuthorizationUrl(harness: Harness): Promise<URL> {
  const client = await registerClient(harness);
  const browser = new FormBrowser();
  const consent = await browser.navigate(authorizeUrl(harness, client).href, () => false);
  const atProvider = (location: URL) => location.href.startsWith(`${harness.idp.issuer}/auth`);
  return (await browser.submitForm(consent, 'Approve', atProvider)).url;
}

describe('metadata documents', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ flags: { enableCimd: true } });
  });
  afterAll(() => harness?.stop());

  it('publishes RFC 8414 authorization server metadata', async () => {
    const response = await fetch(`${harness.baseUrl}/.well-known/oauth-authorization-server`);
    const base = harness.baseUrl;
    expect(await response.json()).toEqual({
      issuer: base,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      registration_endpoint: `${base}/oauth/register`,
      revocation_endpoint: `${base}/oauth/revoke`,
      introspection_endpoint: `${base}/oauth/introspect`,
      scopes_supported: [...UPSTREAM_SCOPES, ...KUBERNETES_SCOPES],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: [
        'authorization_code',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:token-exchange',
      ],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      authorization_response_iss_parameter_supported: true,
      dpop_signing_alg_values_supported: ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'],
      client_id_metadata_document_supported: true,
    });
  });

  it('is no OpenID provider: /.well-known/openid-configuration is not served', async () => {
    expect((await fetch(`${harness.baseUrl}/.well-known/openid-configuration`)).status).toBe(404);
  });

  it('publishes RFC 9728 metadata for the MCP endpoint and for the base URL, each naming its own URL', async () => {
    const forEndpoint = await (
      await fetch(`${harness.baseUrl}/.well-known/oauth-protected-resource/mcp`)
    ).json();
    expect(forEndpoint).toEqual({
      resource: `${harness.baseUrl}/mcp`,
      authorization_servers: [harness.baseUrl],
      scopes_supported: [...UPSTREAM_SCOPES, ...KUBERNETES_SCOPES],
      bearer_methods_supported: ['header'],
      dpop_signing_alg_values_supported: ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'],
      resource_name: 'mcp-kubernetes',
    });
    const root = (await (
      await fetch(`${harness.baseUrl}/.well-known/oauth-protected-resource`)
    ).json()) as Json;
    expect(root.resource).toBe(harness.baseUrl);
  });

  it('asks a generic OpenID provider for offline_access, with PKCE S256 and a nonce', async () => {
    const url = await upstreamAuthorizationUrl(harness);
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'email', 'offline_access']),
    );
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(`${harness.baseUrl}/oauth/callback`);
    expect(url.searchParams.get('access_type')).toBeNull();
  });
});

describe('with --oauth-provider=google', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ provider: 'google' });
  });
  afterAll(() => harness?.stop());

  it('asks Google for offline access with access_type=offline and prompt=consent', async () => {
    const url = await upstreamAuthorizationUrl(harness);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('scope')?.split(' ')).not.toContain('offline_access');
  });

  it('offers the Google scopes of the reference documentation by default', async () => {
    const metadata = (await (
      await fetch(`${harness.baseUrl}/.well-known/oauth-authorization-server`)
    ).json()) as Json;
    expect(metadata.scopes_supported).toEqual([
      'openid',
      'email',
      'profile',
      'https://www.googleapis.com/auth/cloud-platform',
      'https://www.googleapis.com/auth/userinfo.email',
      'https://www.googleapis.com/auth/userinfo.profile',
      ...KUBERNETES_SCOPES,
    ]);
  });
});

describe('with a base URL that has a path', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ basePath: '/k8s' });
  });
  afterAll(() => harness?.stop());

  it('serves the metadata at the RFC 8414 path-inserted location and under the base URL', async () => {
    const inserted = await fetch(`${harness.origin}/.well-known/oauth-authorization-server/k8s`);
    const underBase = await fetch(`${harness.baseUrl}/.well-known/oauth-authorization-server`);
    const document = (await inserted.json()) as Json;
    expect(document.issuer).toBe(`${harness.origin}/k8s`);
    expect(document.token_endpoint).toBe(`${harness.origin}/k8s/oauth/token`);
    expect(await underBase.json()).toEqual(document);
    const resource = (await (
      await fetch(`${harness.baseUrl}/.well-known/oauth-protected-resource/mcp`)
    ).json()) as Json;
    expect(resource.resource).toBe(`${harness.origin}/k8s/mcp`);
  });
});
