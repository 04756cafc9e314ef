import { randomBytes } from 'node:crypto';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfigInput } from '../../../src/config/server-config.js';
import { type DevCluster, startDevCluster } from '../../../src/devcluster/start.js';
import { type DevIdentityProvider, startDevIdentityProvider } from '../../../src/devidp/index.js';
import { createServer, type McpKubernetesServer } from '../../../src/mcp/create-server.js';
import { freeLoopbackPort, RedisServer, redisServerMissing } from '../../helpers/redis-server.js';
import { FormBrowser } from '../devidp/form-browser.js';
import { REGISTRATION_TOKEN, USERS } from '../oauth/oauth-harness.js';
import {
  BrowserDrivenProvider,
  fetchWithRegistrationToken,
  type RedirectListener,
  startRedirectListener,
} from '../oauth/sdk-oauth-client.js';
import { kubeconfigYaml, TEST_SERVER_DEFAULTS, type TempFiles, tempFiles } from './mcp-fixtures.js';

// Two replicas of the server behind one base URL, sharing a Valkey-protocol store (Debian's
// redis-server): a login made through one replica is good on the other, and a revocation made
// through one is seen by the other at once.

const UPSTREAM = { clientId: 'mcp-kubernetes', clientSecret: 'upstream-secret-for-replicas' };
const ENCRYPTION_KEY = randomBytes(32).toString('base64');

async function rpc(url: string, token: string, body: object, sessionId?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** Opens a session on a replica with a raw token and lists the team-a pods through it. */
async function listPodsThrough(url: string, token: string): Promise<Response> {
  const init = await rpc(url, token, {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'replica-test', version: '1' },
    },
  });
  if (init.status !== 200) return init;
  const sessionId = init.headers.get('mcp-session-id') ?? undefined;
  await init.text();
  await (await rpc(url, token, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionId)).text();
  return rpc(
    url,
    token,
    {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'kubernetes_list', arguments: { resourceType: 'pods', namespace: 'team-a' } },
    },
    sessionId,
  );
}

describe.skipIf(redisServerMissing !== undefined)(
  `two replicas sharing one store${redisServerMissing ? ` (${redisServerMissing})` : ''}`,
  () => {
    let redis: RedisServer;
    let devcluster: DevCluster;
    let idp: DevIdentityProvider;
    let files: TempFiles;
    let listener: RedirectListener;
    const replicas: McpKubernetesServer[] = [];
    let baseUrl: string;
    let urlA: string;
    let urlB: string;

    beforeAll(async () => {
      redis = await RedisServer.start();
      files = tempFiles();
      devcluster = await startDevCluster();
      const [portA, portB] = [await freeLoopbackPort(), await freeLoopbackPort()];
      baseUrl = `http://127.0.0.1:${portA}`;
      urlA = `${baseUrl}/mcp`;
      urlB = `http://127.0.0.1:${portB}/mcp`;
      idp = await startDevIdentityProvider({
        users: Object.values(USERS),
        clients: [{ ...UPSTREAM, redirectUris: [`${baseUrl}/oauth/callback`] }],
      });
      const kubeconfig = files.write(
        'kubeconfig',
        kubeconfigYaml([{ name: 'demo', server: devcluster.url, token: devcluster.adminToken }], 'demo'),
      );
      const replica = (port: number): ServerConfigInput => ({
        transport: 'streamable-http',
        httpAddr: `127.0.0.1:${port}`,
        kubeconfig,
        ...TEST_SERVER_DEFAULTS,
        metricsEnabled: false,
        // Both replicas answer for the same public URL, as behind one load balancer.
        oauth: {
          enableOauth: true,
          oauthBaseUrl: baseUrl,
          oauthProvider: 'oidc',
          oidcIssuerUrl: idp.issuer,
          oidcClientId: UPSTREAM.clientId,
          oidcClientSecret: UPSTREAM.clientSecret,
          registrationToken: REGISTRATION_TOKEN,
          oauthEncryptionKey: ENCRYPTION_KEY,
        },
        storage: { oauthStorageType: 'valkey', valkeyUrl: redis.url, valkeyKeyPrefix: 'replicas-test:' },
      });
      for (const port of [portA, portB]) {
        const server = createServer(replica(port));
        await server.start();
        replicas.push(server);
      }
      listener = await startRedirectListener();
    });
    afterAll(async () => {
      listener?.server.close();
      for (const server of replicas) await server.stop();
      await idp?.stop();
      await devcluster?.stop();
      await redis?.dispose();
      files?.remove();
    });

    it('logs in through A, calls through B, refreshes through B, revokes through A, and B refuses', async () => {
      const provider = new BrowserDrivenProvider(listener.url, new FormBrowser(), 'alice');
      const transport = new StreamableHTTPClientTransport(new URL(urlA), {
        authProvider: provider,
        fetch: fetchWithRegistrationToken,
      });
      await expect(new Client({ name: 'replicas', version: '1' }).connect(transport)).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
      await transport.finishAuth(listener.received.at(-1)?.get('code') ?? '');
      const tokens = provider.tokens();
      const clientId = provider.clientInformation()?.client_id ?? '';
      expect(tokens?.access_token).toBeTruthy();

      const throughB = await listPodsThrough(urlB, tokens?.access_token ?? '');
      expect(throughB.status).toBe(200);
      expect(await throughB.text()).toContain('CrashLoopBackOff');

      const refreshed = await fetch(urlB.replace('/mcp', '/oauth/token'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: tokens?.refresh_token ?? '',
          client_id: clientId,
        }),
      });
      expect(refreshed.status).toBe(200);
      const renewed = (await refreshed.json()) as { access_token: string; refresh_token: string };
      expect((await listPodsThrough(urlB, renewed.access_token)).status).toBe(200);

      const revoked = await fetch(`${baseUrl}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: renewed.refresh_token, client_id: clientId }),
      });
      expect(revoked.status).toBe(200);
      const refused = await listPodsThrough(urlB, renewed.access_token);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
    });

    it('answers 503 while the store is down, turns not-ready, and recovers by itself', async () => {
      const provider = new BrowserDrivenProvider(listener.url, new FormBrowser(), 'bob');
      const transport = new StreamableHTTPClientTransport(new URL(urlA), {
        authProvider: provider,
        fetch: fetchWithRegistrationToken,
      });
      await expect(new Client({ name: 'replicas', version: '1' }).connect(transport)).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
      await transport.finishAuth(listener.received.at(-1)?.get('code') ?? '');
      const token = provider.tokens()?.access_token ?? '';
      await redis.stop();
      try {
        const down = await listPodsThrough(urlB, token);
        expect(down.status).toBe(503);
        expect(down.headers.get('retry-after')).toBeTruthy();
        expect(await down.text()).toContain('temporarily_unavailable');
        const ready = await fetch(urlB.replace('/mcp', '/readyz'));
        expect(ready.status).toBe(503);
      } finally {
        await redis.restart();
      }
      // The test's redis-server keeps nothing across a restart, so bob's login is gone: the replica
      // answers again by itself, with the 401 that sends the client back to log in.
      await expect
        .poll(async () => (await listPodsThrough(urlB, token)).status, { timeout: 10_000, interval: 250 })
        .toBe(401);
      expect((await fetch(urlB.replace('/mcp', '/readyz'))).status).toBe(200);
    });

    // Last: it uses up this address's registrations for the minute.
    it('shares rate limits through the store: the registration limit holds across both replicas', async () => {
      const register = (url: string) =>
        fetch(url.replace('/mcp', '/oauth/register'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
      const statusesOfB: number[] = [];
      // 6 attempts on each replica: within the limit of 10 a minute for either alone, over it together.
      for (let attempt = 0; attempt < 6; attempt++) {
        await (await register(urlA)).text();
        const answer = await register(urlB);
        statusesOfB.push(answer.status);
        await answer.text();
      }
      expect(statusesOfB).toContain(429);
    });
  },
);
