import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClusterAccess } from '../../../src/k8s/cluster-access.js';
import * as pools from '../../../src/k8s/connection-pool.js';
import { kubeconfigYaml } from '../mcp/mcp-fixtures.js';

// Downstream identities: per-user clients are many, connection pools are not (a peer opens one pool per
// user and runs out of memory at about 50 users).

vi.mock('../../../src/k8s/connection-pool.js', { spy: true });

const LIMITS = { qps: 1000, burst: 1000, requestTimeoutMs: 5000 };

describe('clients for downstream identities', () => {
  let server: Server;
  let url: string;
  const seen: IncomingHttpHeaders[] = [];
  const seenGroups: (string[] | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      seenGroups.push(req.headersDistinct['impersonate-group']);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function access() {
    const yaml = kubeconfigYaml([{ name: 'demo', server: url, token: 'server-token' }], 'demo');
    return createClusterAccess({ kubeconfigYaml: yaml, ...LIMITS });
  }

  it('serves 1,000 distinct user tokens from one connection pool', async () => {
    const clusters = access();
    const created = vi.mocked(pools.createConnectionPool);
    created.mockClear();
    try {
      const clients = Array.from({ length: 1000 }, (_, index) =>
        clusters.client(undefined, { bearerToken: `user-token-${index}` }),
      );
      expect(new Set(clients).size).toBe(1000);
      await Promise.all(clients.slice(0, 20).map((client) => client.request({ path: '/api' })));
      expect(created).toHaveBeenCalledTimes(1);
      expect(seen.at(-1)?.authorization).toMatch(/^Bearer user-token-\d+$/);
    } finally {
      await clusters.close();
    }
  });

  it('keeps at most the configured number of user clients, forgetting the least recently used', () => {
    const yaml = kubeconfigYaml([{ name: 'demo', server: url, token: 'server-token' }], 'demo');
    const clusters = createClusterAccess({ kubeconfigYaml: yaml, identityCacheSize: 2, ...LIMITS });
    const first = clusters.client(undefined, { bearerToken: 'one' });
    clusters.client(undefined, { bearerToken: 'two' });
    clusters.client(undefined, { bearerToken: 'three' });
    expect(clusters.client(undefined, { bearerToken: 'one' })).not.toBe(first);
  });

  it("impersonates with the server's credential, one Impersonate-Group line per group", async () => {
    const clusters = access();
    try {
      const asAlice = clusters.client(undefined, {
        impersonate: { user: 'alice@example.com', groups: ['developers', 'a,b'] },
      });
      await asAlice.request({ path: '/api' });
      expect(seen.at(-1)?.authorization).toBe('Bearer server-token');
      expect(seen.at(-1)?.['impersonate-user']).toBe('alice@example.com');
      expect(seenGroups.at(-1)).toEqual(['developers', 'a,b']);
      expect(
        clusters.client(undefined, { impersonate: { user: 'alice@example.com', groups: ['developers'] } }),
      ).not.toBe(asAlice);
    } finally {
      await clusters.close();
    }
  });

  it('with defaultContextOnly and no allowed contexts, refuses every context but the default', () => {
    const yaml = kubeconfigYaml(
      ['demo', 'other'].map((name) => ({ name, server: url, token: 'server-token' })),
      'demo',
    );
    const clusters = createClusterAccess({ kubeconfigYaml: yaml, defaultContextOnly: true, ...LIMITS });
    expect(clusters.contexts().map((context) => context.name)).toEqual(['demo']);
    expect(() => clusters.client('other', { bearerToken: 'user' })).toThrow(
      /not allowed.*--allowed-contexts/,
    );
    const named = createClusterAccess({
      kubeconfigYaml: yaml,
      defaultContextOnly: true,
      allowedContexts: ['demo', 'other'],
      ...LIMITS,
    });
    expect(named.client('other', { bearerToken: 'user' }).contextName).toBe('other');
  });
});
