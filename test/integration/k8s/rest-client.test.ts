// The REST layer against the simulator, over plain HTTP and over TLS: JSON requests, Tables,
// errors with the API server's Status, one kept-alive connection, deadlines, unreachable servers
// and the client-side rate limit.

import { buildKubeconfig, type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../../src/k8s/clock.js';
import type { ClusterAccess } from '../../../src/k8s/cluster-client.js';
import type { KubeList, KubeObject, KubeTable } from '../../../src/k8s/kube-object.js';
import { KubernetesError } from '../../../src/k8s/kubernetes-error.js';
import { accessTo, closedPort, countingRelay, silentServer } from './access-helpers.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const CONFIG_MAPS = '/api/v1/namespaces/default/configmaps';

async function failure(promise: Promise<unknown>): Promise<KubernetesError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof KubernetesError))
    throw new Error(`expected a KubernetesError, got ${String(error)}`);
  return error;
}

/** A clock that never moves except when the client sleeps, and remembers every sleep. */
function recordingClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe.each([
  { transport: 'HTTP', tls: false },
  { transport: 'TLS', tls: true },
])('REST client over $transport', ({ tls }) => {
  let devcluster: DevCluster;
  let access: ClusterAccess;

  beforeAll(async () => {
    devcluster = await startDevCluster({ seed: 'default', tls });
    access = accessTo(devcluster.kubeconfig);
  });
  afterAll(async () => {
    await access.close();
    await devcluster.stop();
  });

  it('lists, creates, reads, updates and deletes an object', async () => {
    const client = access.client();
    const created = await client.request<KubeObject>({
      method: 'POST',
      path: CONFIG_MAPS,
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'crud' }, data: { a: '1' } },
    });
    expect(created.metadata?.uid).toBeTruthy();

    const read = await client.request<KubeObject>({ path: `${CONFIG_MAPS}/crud` });
    expect(read.data).toEqual({ a: '1' });

    const updated = await client.request<KubeObject>({
      method: 'PUT',
      path: `${CONFIG_MAPS}/crud`,
      body: { ...read, data: { a: '2' } },
    });
    expect(updated.data).toEqual({ a: '2' });

    const list = await client.request<KubeList>({
      path: CONFIG_MAPS,
      query: { fieldSelector: 'metadata.name=crud' },
    });
    expect(list.items.map((item) => item.metadata?.name)).toEqual(['crud']);

    await client.request({ method: 'DELETE', path: `${CONFIG_MAPS}/crud` });
    const gone = await failure(client.request({ path: `${CONFIG_MAPS}/crud` }));
    expect(gone).toMatchObject({ failure: 'api', status: 404, reason: 'NotFound' });
    expect(gone.message).toBe('configmaps "crud" not found');
    expect(gone.details).toMatchObject({ name: 'crud', kind: 'configmaps' });
  });

  it('sends patches with their media type, merge patch by default', async () => {
    const client = access.client();
    const path = `${CONFIG_MAPS}/patched`;
    await client.request({
      method: 'POST',
      path: CONFIG_MAPS,
      body: { metadata: { name: 'patched' }, data: { a: '1' } },
    });
    const merged = await client.request<KubeObject>({ method: 'PATCH', path, body: { data: { b: '2' } } });
    expect(merged.data).toEqual({ a: '1', b: '2' });
    const jsonPatched = await client.request<KubeObject>({
      method: 'PATCH',
      path,
      contentType: 'application/json-patch+json',
      body: [{ op: 'remove', path: '/data/a' }],
    });
    expect(jsonPatched.data).toEqual({ b: '2' });
  });

  it('applies YAML server-side with the apply-patch media type', async () => {
    const applied = await access.client().request<KubeObject>({
      method: 'PATCH',
      path: `${CONFIG_MAPS}/applied`,
      query: { fieldManager: 'mcp-kubernetes' },
      contentType: 'application/apply-patch+yaml',
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  key: value\n',
    });
    expect(applied.data).toEqual({ key: 'value' });
    expect(JSON.stringify(applied.metadata?.managedFields)).toContain('mcp-kubernetes');
  });

  it('asks for a server-side Table with the Table accept header', async () => {
    const table = await access.client().request<KubeTable>({
      path: '/api/v1/namespaces/team-a/pods',
      accept: TABLE,
    });
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((column) => column.name)).toContain('Status');
    expect(table.rows.length).toBeGreaterThan(0);
  });

  it('returns text answers as text (pod logs)', async () => {
    const pods = await access.client().request<KubeList>({
      path: '/api/v1/namespaces/team-a/pods',
      query: { labelSelector: 'app=web' },
    });
    const pod = pods.items[0]?.metadata?.name ?? '';
    const logs = await access.client().requestText({
      path: `/api/v1/namespaces/team-a/pods/${pod}/log`,
      query: { tailLines: 2 },
    });
    expect(typeof logs).toBe('string');
    expect(logs.trim().split('\n')).toHaveLength(2);
  });

  it('carries the Status of a refused write: reason and field causes', async () => {
    const invalid = await failure(
      access
        .client()
        .request({ method: 'POST', path: CONFIG_MAPS, body: { metadata: { name: 'Not_Valid' } } }),
    );
    expect(invalid).toMatchObject({ failure: 'api', status: 422, reason: 'Invalid' });
    expect(invalid.details?.causes?.[0]?.field).toBe('metadata.name');
  });

  it('returns what a proxied server answers, whatever its status, and throws the API server refusals', async () => {
    const client = access.client();
    const proxy = (service: string, path: string, maxBytes = 1 << 20) =>
      client.proxyGet({ path: `/api/v1/namespaces/team-a/services/${service}/proxy${path}`, maxBytes });
    const welcome = await proxy('web:80', '/');
    expect(welcome).toMatchObject({ status: 200, truncated: false });
    expect(welcome.headers['content-type']).toBe('text/html');
    expect(welcome.body.toString()).toContain('Welcome to nginx!');
    expect((await proxy('web:http', '/missing')).status).toBe(404);
    const cut = await proxy('web:80', '/', 10);
    expect(cut).toMatchObject({ status: 200, truncated: true });
    expect(cut.body.toString()).toBe(welcome.body.subarray(0, 10).toString());
    expect(await failure(proxy('api', '/'))).toMatchObject({ status: 503, reason: 'ServiceUnavailable' });
    expect(await failure(proxy('nothing', '/'))).toMatchObject({ status: 404, reason: 'NotFound' });
  });

  it('sends 20 sequential requests over one kept-alive connection', async () => {
    const relay = await countingRelay(Number(new URL(devcluster.url).port));
    const server = `${tls ? 'https' : 'http'}://127.0.0.1:${relay.port}`;
    const relayed = accessTo(
      buildKubeconfig({
        server,
        token: devcluster.adminToken,
        ...(tls ? { caCert: devcluster.caCert } : {}),
      }),
    );
    try {
      for (let call = 0; call < 20; call++)
        await relayed.client().request({ path: '/api/v1/namespaces/default' });
      expect(relay.connections()).toBe(1);
    } finally {
      await relayed.close();
      await relay.close();
    }
  });

  it('waits as the token bucket decides: the burst at once, then one request per 1/qps', async () => {
    const clock = recordingClock();
    const limited = accessTo(devcluster.kubeconfig, { qps: 4, burst: 3, clock });
    try {
      for (let call = 0; call < 6; call++) await limited.client().request({ path: '/version' });
      expect(clock.sleeps).toEqual([250, 250, 250]);
    } finally {
      await limited.close();
    }
  });

  it('fails at once as a timeout when the rate limit would hold a request past its deadline, and gives its turn back', async () => {
    const clock = recordingClock();
    const limited = accessTo(devcluster.kubeconfig, { qps: 1, burst: 1, clock, requestTimeoutMs: 500 });
    try {
      await limited.client().request({ path: '/version' });
      const throttled = await failure(limited.client().request({ path: '/version' }));
      expect(throttled.failure).toBe('timeout');
      expect(throttled.message).toContain('within 500 ms');
      expect(clock.sleeps).toEqual([]);
      // The refused request's token went back: the next one waits one interval, not two.
      await limited.client().request({ path: '/version', timeoutMs: 5_000 });
      expect(clock.sleeps).toEqual([1000]);
    } finally {
      await limited.close();
    }
  });
});

describe('REST client failures', () => {
  it('reports a server that accepts the connection but never answers as a timeout, and drops the connection', async () => {
    const silent = await silentServer();
    const server = `http://127.0.0.1:${silent.port}`;
    const access = accessTo(buildKubeconfig({ server, token: 't' }), { requestTimeoutMs: 300 });
    try {
      const timedOut = await failure(access.client().request({ path: '/api' }));
      expect(timedOut.failure).toBe('timeout');
      expect(timedOut.message).toBe(
        `the Kubernetes API server at ${server} did not answer GET /api within 300 ms`,
      );
      const overridden = await failure(access.client().request({ path: '/apis', timeoutMs: 50 }));
      expect(overridden.message).toContain('within 50 ms');
      // A request given up on must not hold its connection any longer (undici may open a fresh one).
      await vi.waitFor(() => expect(silent.closed()).toBe(2));
    } finally {
      await access.close();
      await silent.close();
    }
  });

  it('times out a request whose TLS handshake never completes, before it reached the server', async () => {
    const silent = await silentServer();
    const server = `https://127.0.0.1:${silent.port}`;
    const access = accessTo(buildKubeconfig({ server, token: 't' }), { requestTimeoutMs: 200 });
    try {
      // The deadline holds though undici never handed the request to a connection (its own
      // connect timeout, 10 s, would end it as unreachable).
      const timedOut = await failure(access.client().request({ path: '/api' }));
      expect(timedOut.failure).toBe('timeout');
      expect(timedOut.message).toContain('within 200 ms');
    } finally {
      // The server first: closing the pool waits for the handshake undici still has in flight.
      await silent.close();
      await access.close();
    }
  });

  it("stops a request its caller cancels, failing with the caller's reason rather than a timeout", async () => {
    const silent = await silentServer();
    const server = `http://127.0.0.1:${silent.port}`;
    const access = accessTo(buildKubeconfig({ server, token: 't' }), { requestTimeoutMs: 600_000 });
    try {
      const caller = new AbortController();
      const request = access.client().request({ path: '/api', signal: caller.signal });
      await vi.waitFor(() => expect(silent.connections()).toBe(1));
      const reason = new Error('the client cancelled the tool call');
      caller.abort(reason);
      await expect(request).rejects.toBe(reason);
      await vi.waitFor(() => expect(silent.closed()).toBe(1));
      const cancelledBefore = new AbortController();
      cancelledBefore.abort(reason);
      await expect(access.client().request({ path: '/apis', signal: cancelledBefore.signal })).rejects.toBe(
        reason,
      );
    } finally {
      await access.close();
      await silent.close();
    }
  });

  it('reports a closed port as unreachable, with the cause in words', async () => {
    const server = `http://127.0.0.1:${await closedPort()}`;
    const access = accessTo(buildKubeconfig({ server, token: 't' }));
    try {
      const refused = await failure(access.client().request({ path: '/api' }));
      expect(refused.failure).toBe('unreachable');
      expect(refused.message).toBe(
        `cannot reach the Kubernetes API server at ${server}: connection refused (ECONNREFUSED)`,
      );
    } finally {
      await access.close();
    }
  });

  it('reports a server whose certificate is not trusted as unreachable', async () => {
    const devcluster = await startDevCluster({ seed: 'empty', tls: true });
    const access = accessTo(buildKubeconfig({ server: devcluster.url, token: devcluster.adminToken }));
    try {
      const untrusted = await failure(access.client().request({ path: '/api' }));
      expect(untrusted.failure).toBe('unreachable');
      expect(untrusted.message).toContain('untrusted authority');
    } finally {
      await access.close();
      await devcluster.stop();
    }
  });
});
