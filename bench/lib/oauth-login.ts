import { randomBytes } from 'node:crypto';
import { startDevIdentityProvider } from '@mcp-kubernetes/devidp';
import { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import { freeLoopbackPort } from '../../test/helpers/free-port.js';
import { approveAndSignIn, newPkce, USERS } from '../../test/integration/oauth/oauth-harness.js';

// Our server behind its own OAuth server (`--enable-oauth`), with the development OpenID provider
// as the upstream, and an access token obtained as an MCP client obtains one: register, approve,
// sign in at the provider's login form, exchange the code with PKCE.

const USER = 'alice';
/** The client's redirect URI is never requested: the login stops when it is reached. */
const CLIENT_REDIRECT_URI = 'http://127.0.0.1:9/callback';

export interface OAuthSetup {
  /** Where our server must listen: the provider only sends people back to this public URL. */
  httpAddr: string;
  /** Our server's flags and environment for OAuth with this provider. */
  serverArgs: string[];
  serverEnv: Record<string, string>;
  /** The upstream provider and our server's client there: what an OIDC cluster must trust for --downstream-oauth. */
  upstream: { issuer: string; clientId: string };
  /** Logs the user in through our running server and returns the access token it issued. */
  accessToken(): Promise<string>;
  stop(): Promise<void>;
}

interface ServerMetadata {
  authorization_endpoint: string;
  token_endpoint: string;
  registration_endpoint: string;
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export async function startOAuthSetup(): Promise<OAuthSetup> {
  const port = await freeLoopbackPort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const upstream = { clientId: 'mcp-kubernetes-bench', clientSecret: randomBytes(24).toString('base64url') };
  const registrationToken = randomBytes(24).toString('base64url');
  const idp = await startDevIdentityProvider({
    users: [USERS[USER]],
    clients: [{ ...upstream, redirectUris: [`${baseUrl}/oauth/callback`] }],
  });

  async function accessToken(): Promise<string> {
    const metadata = await json<ServerMetadata>(
      await fetch(`${baseUrl}/.well-known/oauth-authorization-server`),
      'metadata',
    );
    const registration = await fetch(metadata.registration_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${registrationToken}` },
      body: JSON.stringify({
        client_name: 'mcp-kubernetes benchmark',
        redirect_uris: [CLIENT_REDIRECT_URI],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
      }),
    });
    const { client_id: clientId } = await json<{ client_id: string }>(registration, 'registration');
    const pkce = newPkce();
    const state = randomBytes(16).toString('base64url');
    const authorization = new URL(metadata.authorization_endpoint);
    for (const [name, value] of Object.entries({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: CLIENT_REDIRECT_URI,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }))
      authorization.searchParams.set(name, value);
    const landing = await approveAndSignIn(new FormBrowser(), authorization, USER, (location) =>
      location.href.startsWith(CLIENT_REDIRECT_URI),
    );
    const code = landing.url.searchParams.get('code');
    if (!code || landing.url.searchParams.get('state') !== state) {
      throw new Error(`the login did not end with a code: ${landing.url.href}`);
    }
    const exchange = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CLIENT_REDIRECT_URI,
        code_verifier: pkce.verifier,
        client_id: clientId,
      }),
    });
    return (await json<{ access_token: string }>(exchange, 'token exchange')).access_token;
  }

  return {
    httpAddr: `127.0.0.1:${port}`,
    serverArgs: [
      '--enable-oauth',
      '--oauth-base-url',
      baseUrl,
      '--oauth-provider',
      'oidc',
      '--oidc-issuer-url',
      idp.issuer,
      '--oidc-client-id',
      upstream.clientId,
    ],
    serverEnv: { OIDC_CLIENT_SECRET: upstream.clientSecret, REGISTRATION_TOKEN: registrationToken },
    upstream: { issuer: idp.issuer, clientId: upstream.clientId },
    accessToken,
    stop: () => idp.stop(),
  };
}
