import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisServer, redisServerMissing } from '../../helpers/redis-server.js';
import { RoundRobinProxy } from '../../helpers/round-robin-proxy.js';
import { registerClient } from '../oauth/oauth-harness.js';
import {
  at,
  INITIALIZE,
  loginThrough,
  portOf,
  type ReplicaStack,
  rpc,
  startReplicaStack,
} from './replica-fixtures.js';
import { type ReplicaProcesses, replicaProcesses } from './replica-process-fixtures.js';

// Several replicas behind a load balancer without session affinity. With --stateless every request
// stands alone, so an MCP client works whichever replica each of its requests reaches; without it, a
// session lives in the replica that opened it (hence sticky sessions, docs/storage.md).

describe.skipIf(redisServerMissing !== undefined)(
  `replicas behind a round-robin load balancer${redisServerMissing ? ` (${redisServerMissing})` : ''}`,
  () => {
    let redis: RedisServer;
    let stack: ReplicaStack;
    let publicUrl: string;
    const pairs: ReplicaProcesses[] = [];
    const proxies: RoundRobinProxy[] = [];

    /** Two replicas with these flags behind a proxy on the public URL. */
    async function replicasBehindProxy(keyPrefix: string, flags: string[]) {
      const store = { url: redis.url, keyPrefix, encryptionKey: randomBytes(32).toString('base64') };
      const pair = replicaProcesses(stack, publicUrl, store, flags);
      pairs.push(pair);
      const [a, b] = await Promise.all([pair.start(), pair.start()]);
      const backends = [a?.url ?? '', b?.url ?? ''];
      const proxy = await RoundRobinProxy.start(portOf(publicUrl), backends);
      proxies.push(proxy);
      return { proxy, backends };
    }

    beforeAll(async () => {
      redis = await RedisServer.start();
      stack = await startReplicaStack();
      [publicUrl = ''] = stack.publicUrls;
    });
    afterAll(async () => {
      for (const proxy of proxies) await proxy.stop();
      for (const pair of pairs) await pair.stopAll();
      await stack?.stop();
      await redis?.dispose();
    });

    it('serves an MCP client whose every request may reach another replica with --stateless', async () => {
      const { proxy, backends } = await replicasBehindProxy('stateless-test:', ['--stateless']);
      try {
        // Registration, authorization, the provider's callback and the token request alternate too.
        const { tokens } = await loginThrough(publicUrl, await registerClient(at(publicUrl)));
        const client = new Client({ name: 'load-balanced-client', version: '1.0.0' });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(`${publicUrl}/mcp`), {
            requestInit: { headers: { authorization: `Bearer ${tokens.access_token}` } },
          }),
        );
        const before = backends.map((backend) => proxy.requestsPerBackend.get(backend) ?? 0);
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toContain('kubernetes_list');
        for (let call = 0; call < 4; call++) {
          const result = await client.callTool({
            name: 'kubernetes_list',
            arguments: { resourceType: 'pods', namespace: 'team-a' },
          });
          expect(result.isError).toBeFalsy();
          expect(JSON.stringify(result.content)).toContain('CrashLoopBackOff');
        }
        await client.close();
        // Both replicas answered MCP requests of the one client.
        const served = backends.map(
          (backend, index) => (proxy.requestsPerBackend.get(backend) ?? 0) - (before[index] ?? 0),
        );
        expect(served.every((count) => count >= 2)).toBe(true);
      } finally {
        await proxy.stop();
        proxies.pop();
      }
    });

    it('keeps a session on the replica that opened it without --stateless, so it needs affinity', async () => {
      const { proxy, backends } = await replicasBehindProxy('stateful-test:', []);
      try {
        const { tokens } = await loginThrough(publicUrl, await registerClient(at(publicUrl)));
        const [replicaA = '', replicaB = ''] = backends;
        const opened = await rpc(`${replicaA}/mcp`, tokens.access_token, INITIALIZE);
        expect(opened.status).toBe(200);
        const sessionId = opened.headers.get('mcp-session-id') ?? '';
        expect(sessionId).not.toBe('');
        const toolsListOn = (replica: string) =>
          rpc(
            `${replica}/mcp`,
            tokens.access_token,
            { jsonrpc: '2.0', id: 2, method: 'tools/list' },
            sessionId,
          );
        expect((await toolsListOn(replicaB)).status).toBe(404);
        expect((await toolsListOn(replicaA)).status).toBe(200);
      } finally {
        await proxy.stop();
        proxies.pop();
      }
    });
  },
);
