import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevIdentityProvider, startDevIdentityProvider } from '@mcp-kubernetes/devidp';
import { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CliProcess, startCli } from '../helpers/cli-process.js';
import { freeLoopbackPort } from '../helpers/free-port.js';
import { approveAndSignIn, REGISTRATION_TOKEN, USERS } from '../integration/oauth/oauth-harness.js';
import { checksWith, failedChecks, startSuite } from './conformance-suite.js';
import { writeUnreachableKubeconfig } from './unreachable-cluster.js';

// The conformance suite's authorization-server scenarios against `serve --enable-oauth`, logging in
// through the development identity provider: the metadata document, then a whole authorization code
// grant with PKCE for a client registered as an MCP client registers.

const UPSTREAM = { clientId: 'mcp-kubernetes', clientSecret: 'upstream-secret-for-conformance' };
const SCENARIOS = ['authorization-server-metadata-endpoint', 'authorization-code-grant'];

let directory: string;
let idp: DevIdentityProvider;
let server: CliProcess;
let baseUrl: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'conformance-oauth-'));
  const port = await freeLoopbackPort();
  baseUrl = `http://127.0.0.1:${port}`;
  idp = await startDevIdentityProvider({
    users: Object.values(USERS),
    clients: [{ ...UPSTREAM, redirectUris: [`${baseUrl}/oauth/callback`] }],
  });
  server = startCli(
    [
      'serve',
      '--transport=streamable-http',
      `--http-addr=127.0.0.1:${port}`,
      `--kubeconfig=${await writeUnreachableKubeconfig(directory)}`,
      '--enable-oauth',
      `--oauth-base-url=${baseUrl}`,
      '--oauth-provider=oidc',
      `--oidc-issuer-url=${idp.issuer}`,
      `--oidc-client-id=${UPSTREAM.clientId}`,
      '--rate-limit-ip=0',
      '--metrics-enabled=false',
      '--audit-log=off',
    ],
    { OIDC_CLIENT_SECRET: UPSTREAM.clientSecret, REGISTRATION_TOKEN },
  );
  await server.waitFor(/"url":"http:\/\/127\.0\.0\.1:\d+\/mcp"/);
}, 60_000);

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited();
  await idp?.stop();
  await rm(directory, { recursive: true, force: true });
});

/** Registers a public client whose redirect URI is the suite's callback listener. */
async function registerClient(callbackPort: number): Promise<string> {
  const response = await fetch(`${baseUrl}/oauth/register`, {
    method: 'POST',
    headers: { authorization: `Bearer ${REGISTRATION_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'MCP conformance suite',
      redirect_uris: [`http://127.0.0.1:${callbackPort}/callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { client_id: string }).client_id;
}

it('passes the authorization server scenarios, with a user signing in', { timeout: 120_000 }, async () => {
  const callbackPort = await freeLoopbackPort();
  const clientId = await registerClient(callbackPort);
  const suite = await startSuite([
    'authorization',
    '--url',
    baseUrl,
    '--client-id',
    clientId,
    '--resource',
    `${baseUrl}/mcp`,
    '--port',
    String(callbackPort),
  ]);
  // The suite prints the authorization URL for a person to open; the form browser is that person.
  const [authorizationUrl = ''] = await suite.waitFor(/^http\S*\?\S*response_type=code\S*$/m);
  const landing = await approveAndSignIn(new FormBrowser(), new URL(authorizationUrl), 'alice', () => false);
  expect(landing.url.href).toContain(`http://127.0.0.1:${callbackPort}/callback?`);
  const results = await suite.finished;
  expect([...results.scenarios.keys()].sort(), results.output).toEqual([...SCENARIOS].sort());
  for (const scenario of SCENARIOS) {
    const checks = results.scenarios.get(scenario) ?? [];
    expect(failedChecks(checks), `failed checks of ${scenario}`).toEqual([]);
    for (const warning of checksWith('WARNING', checks)) console.info(`${scenario}: warning ${warning}`);
  }
});
