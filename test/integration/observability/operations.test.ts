import { request } from 'node:http';
import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';
import { createServer, type McpKubernetesServer } from '../../../src/server/create-server.js';
import { call, closedPortUrl, connect, kubeconfigYaml, teamContexts } from '../mcp/mcp-fixtures.js';

let devcluster: DevCluster;

beforeAll(async () => {
  devcluster = await startDevCluster({ seed: 'default' });
});

afterAll(async () => {
  await devcluster.stop();
});

/** A GET with any Host header (fetch would not let us send the kubelet's). */
function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers = host ? { host } : {};
    request(target, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

async function startServer(
  kubeconfig: string,
  lines: string[] = [],
  extra: Record<string, unknown> = {},
): Promise<McpKubernetesServer & { base: string; metrics: string }> {
  const logger = createLogger(
    { logLevel: 'debug', debug: false },
    { write: (line) => void lines.push(line) },
  );
  const server = createServer(
    {
      transport: 'streamable-http',
      httpAddr: '127.0.0.1:0',
      metricsAddr: '127.0.0.1:0',
      auditLog: 'off',
      rateLimitIp: 0,
      ...extra,
    },
    { kubeconfigYaml: kubeconfig, logger },
  );
  await server.start();
  const url = server.address?.url;
  const metrics = server.metricsUrl;
  if (!url || !metrics) throw new Error('the server has no address');
  return Object.assign(server, { base: new URL(url).origin, metrics: new URL(metrics).origin });
}

describe('health and readiness', () => {
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer(kubeconfigYaml(teamContexts(devcluster), 'team-a'), [], {
      shutdownDelay: 1000,
    });
  });

  afterAll(() => server.stop());

  it('answers /healthz and /readyz with 200 on both listeners, whatever Host the kubelet sends', async () => {
    for (const base of [server.base, server.metrics]) {
      expect(await get(`${base}/healthz`, '10.4.2.7:8080')).toEqual({ status: 200, body: 'ok\n' });
      expect(await get(`${base}/readyz`, '10.4.2.7:8080')).toEqual({ status: 200, body: 'ok\n' });
    }
    // The Host check still guards everything else.
    expect((await get(`${server.base}/mcp`, '10.4.2.7:8080')).status).toBe(403);
  });

  it('lists the Kubernetes API check in ?verbose while it is reachable', async () => {
    const verbose = await get(`${server.base}/readyz?verbose`);
    expect(verbose.body).toContain('[+]kubernetes-api ok');
    expect(verbose.body).toContain('readyz check passed');
  });

  it('answers 503 naming shutting-down from the first moment of a shutdown, while still alive', async () => {
    const shutdown = server.shutdown();
    const ready = await get(`${server.base}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body).toContain('[-]shutting-down failed');
    expect((await get(`${server.metrics}/readyz`)).status).toBe(503);
    expect((await get(`${server.base}/healthz`)).status).toBe(200);
    await shutdown;
  });
});

describe('a Kubernetes API that cannot be reached', () => {
  it('is reported as degraded in ?verbose and in metrics, and the replica stays ready', async () => {
    const unreachable = { name: 'gone', server: await closedPortUrl(), token: 'x' };
    const server = await startServer(kubeconfigYaml([unreachable], 'gone'));
    try {
      const verbose = await get(`${server.base}/readyz?verbose`);
      expect(verbose.status).toBe(200);
      expect(verbose.body).toContain('[!]kubernetes-api degraded');
      expect(verbose.body).not.toContain('127.0.0.1');
      expect((await get(`${server.base}/readyz`)).body).toBe('ok\n');
      const metrics = (await get(`${server.metrics}/metrics`)).body;
      expect(metrics).toContain(
        'mcp_kubernetes_health_check_up{check="kubernetes-api",severity="degraded"} 0',
      );
      expect(metrics).toContain('mcp_kubernetes_ready 1');
    } finally {
      await server.stop();
    }
  });
});

/** Every label value of every series in a Prometheus text exposition. */
function labelValues(exposition: string): string[] {
  return [...exposition.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((match) => match[2] ?? '');
}

describe('metrics, request ids and log hygiene', () => {
  const lines: string[] = [];
  const token = 'sk-test-5f0c1e2d9b8a7f6e5d4c3b2a1';
  let server: Awaited<ReturnType<typeof startServer>>;
  let exposition: string;

  beforeAll(async () => {
    server = await startServer(kubeconfigYaml(teamContexts(devcluster), 'team-a'), lines);
    const client = await connect(
      new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-from-proxy-42' } },
      }),
    );
    await call(client, 'kubernetes_get', { resourceType: 'configmaps', name: 'web-config' });
    await call(client, 'kubernetes_get', { resourceType: 'configmaps', name: 'no-such-config' });
    await call(client, 'kubernetes_list', { resourceType: 'pods' });
    await client.close();
    exposition = (await get(`${server.metrics}/metrics`)).body;
  });

  afterAll(() => server.stop());

  it('counts tool calls by tool and outcome, HTTP requests by route template, API calls by verb and code', () => {
    expect(exposition).toMatch(
      /mcp_kubernetes_tool_call_duration_seconds_count\{tool="kubernetes_get",outcome="ok"\} 1/,
    );
    expect(exposition).toMatch(
      /mcp_kubernetes_tool_call_duration_seconds_count\{tool="kubernetes_get",outcome="error"\} 1/,
    );
    expect(exposition).toMatch(
      /mcp_kubernetes_tool_call_duration_seconds_count\{tool="kubernetes_list",outcome="ok"\} 1/,
    );
    expect(exposition).toMatch(
      /mcp_kubernetes_http_request_duration_seconds_count\{method="POST",route="\/mcp",status="200"\} \d+/,
    );
    expect(exposition).toMatch(
      /mcp_kubernetes_kubernetes_request_duration_seconds_count\{verb="GET",code="200"\} \d+/,
    );
    expect(exposition).toMatch(
      /mcp_kubernetes_kubernetes_request_duration_seconds_count\{verb="GET",code="404"\} 1/,
    );
    // The client closed its transport without ending the session: it stays open until idle.
    expect(exposition).toContain('mcp_kubernetes_mcp_sessions 1');
    expect(exposition).toContain('mcp_kubernetes_process_resident_memory_bytes');
    for (const defined of ['oauth_tokens_issued_total', 'downstream_auth_total', 'rate_limit_hits_total']) {
      expect(exposition).toContain(`# TYPE mcp_kubernetes_${defined} counter`);
    }
  });

  it('keeps labels bounded: no token, object name, request id or raw path in any label value', () => {
    const values = labelValues(exposition);
    expect(values.length).toBeGreaterThan(10);
    for (const value of values) {
      for (const unbounded of [
        token,
        'web-config',
        'no-such-config',
        'req-from-proxy-42',
        'team-a',
        '/api/v1',
      ]) {
        expect(value).not.toContain(unbounded);
      }
    }
  });

  it('puts the request id on the access line and the tool call line of every request', () => {
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const ofRequests = records.filter((record) => 'requestId' in record);
    const finishedToolCalls = ofRequests.filter((record) => record.msg === 'tool call finished');
    expect(finishedToolCalls).toHaveLength(3);
    expect(ofRequests.filter((record) => record.msg === 'HTTP request finished').length).toBeGreaterThan(3);
    // Lines of a request never lack the id: tool calls and access lines only happen inside requests.
    const inRequestMessages = new Set(['tool call finished', 'HTTP request finished']);
    for (const record of records.filter((record) => inRequestMessages.has(String(record.msg)))) {
      expect(record.requestId).toBe('req-from-proxy-42');
    }
  });

  it('never writes the Authorization header or its token to the log', () => {
    const log = lines.join('');
    expect(log).not.toContain(token);
    expect(log.toLowerCase()).not.toContain('bearer');
  });

  it('replaces a malformed X-Request-Id with a fresh one', async () => {
    const response = await fetch(`${server.base}/healthz`, {
      headers: { 'x-request-id': 'forged" "level":60 <script>' },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('request ids over the legacy SSE transport', () => {
  it('names the POST that carried a tool call on its tool call line', async () => {
    const lines: string[] = [];
    const server = await startServer(kubeconfigYaml(teamContexts(devcluster), 'team-a'), lines, {
      transport: 'sse',
    });
    try {
      const client = await connect(
        new SSEClientTransport(new URL(`${server.base}/sse`), {
          requestInit: { headers: { 'x-request-id': 'sse-post-7' } },
        }),
      );
      await call(client, 'kubernetes_get', { resourceType: 'configmaps', name: 'web-config' });
      await client.close();
    } finally {
      await server.stop();
    }
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const toolCalls = records.filter((record) => record.msg === 'tool call finished');
    expect(toolCalls).toHaveLength(1);
    expect(toolCalls[0]?.requestId).toBe('sse-post-7');
  });
});
