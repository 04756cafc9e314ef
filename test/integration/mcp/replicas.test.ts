import { randomBytes } from 'node:crypto';
import { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../helpers/free-port.js';
import { RedisServer, redisServerMissing } from '../../helpers/redis-server.js';
import type { UserName } from '../oauth/oauth-harness.js';
import {
  BrowserDrivenProvider,
  fetchWithRegistrationToken,
  type RedirectListener,
  startRedirectListener,
} from '../oauth/sdk-oauth-client.js';
import { listPodsThrough, portOf, type ReplicaStack, startReplicaStack } from './replica-fixtures.js';

// Two replicas of the server behind one base URL, sharing a Valkey-protocol store (Debian's
// redis-server): a login made through one replica is good on the other, and a revocation made
// through one is seen by the other at once.

const ENCRYPTION_KEY = randomBytes(32).toString('base64');

describe.skipIf(redisServerMissing !== undefined)(
  `two replicas sharing one store${redisServerMissing ? ` (${redisServerMissing})` : ''}`,
  () => {
    let redis: RedisServer;
    let stack: ReplicaStack;
    let listener: RedirectListener;
    let baseUrl: string;
    let urlA: string;
    let urlB: string;

    beforeAll(async () => {
      redis = await RedisServer.start();
      stack = await startReplicaStack();
      [baseUrl = ''] = stack.publicUrls;
      const portB = await freeLoopbackPort();
      urlA = `${baseUrl}/mcp`;
      urlB = `http://127.0.0.1:${portB}/mcp`;
      // Both replicas answer for the same public URL, as behind one load balancer.
      const storage = { oauthStorageType: 'valkey', valkeyUrl: redis.url, valkeyKeyPrefix: 'replicas-test:' };
      for (const port of [portOf(baseUrl), portB]) {
        await stack.serve(stack.config(port, baseUrl, storage, { oauthEncryptionKey: ENCRYPTION_KEY }));
      }
      listener = await startRedirectListener();
    });
    afterAll(async () => {
      listener?.server.close();
      await stack?.stop();
      await redis?.dispose();
    });

    /** Logs `user` in through replica A as the SDK's client does; the provider then holds the tokens. */
    async function logInThroughA(user: UserName): Promise<BrowserDrivenProvider> {
      const provider = new BrowserDrivenProvider(listener.url, new FormBrowser(), user);
      const transport = new StreamableHTTPClientTransport(new URL(urlA), {
        authProvider: provider,
        fetch: fetchWithRegistrationToken,
      });
      await expect(new Client({ name: 'replicas', version: '1' }).connect(transport)).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
      await transport.finishAuth(listener.received.at(-1)?.get('code') ?? '');
      return provider;
    }

    it('logs in through A, calls through B, refreshes through B, revokes through A, and B refuses', async () => {
      const provider = await logInThroughA('alice');
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
      const provider = await logInThroughA('bob');
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
