import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthStack, startOAuthStack } from '../mcp/oauth-stack.js';

// --otel-endpoint: a logged-in user's tool call over streamable HTTP, traced to a collector in this
// process that receives what the real OTLP/HTTP exporter sends (JSON), as an OpenTelemetry
// Collector would. One span per HTTP request, tool call and Kubernetes request, nested, and no
// credential or email anywhere in what leaves the server.

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

interface OtlpExport {
  resourceSpans: { resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

/** A collector endpoint that keeps every body it receives. */
async function startCollector(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') bodies.push(body);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((candidate) => candidate.key === key)?.value;
  return value ? Object.values(value)[0] : undefined;
};

describe('OpenTelemetry traces (--otel-endpoint)', () => {
  let stack: OAuthStack;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let spans: OtlpSpan[];
  let exported: string;
  let accessToken: string;

  beforeAll(async () => {
    collector = await startCollector();
    stack = await startOAuthStack();
    const served = await stack.serve({ otelEndpoint: collector.url });
    const { client, token } = await served.logIn('alice');
    accessToken = token;
    const result = await client.callTool(
      { name: 'kubernetes_list', arguments: { resourceType: 'pods', namespace: 'team-a' } },
      undefined,
    );
    expect(result.isError).toBeFalsy();
    await client.close();
    await served.server.stop(); // flushes the batched spans
    exported = collector.bodies.join('\n');
    spans = collector.bodies.flatMap((body) =>
      (JSON.parse(body) as OtlpExport).resourceSpans.flatMap((resource) =>
        resource.scopeSpans.flatMap((scope) => scope.spans),
      ),
    );
  });

  afterAll(async () => {
    await stack?.stop();
    collector?.server.close();
  });

  it('names the service', () => {
    expect(exported).toContain('"service.name"');
    expect(exported).toContain('"mcp-kubernetes"');
  });

  it('has a span per HTTP request, named by route, with the status code', () => {
    const posts = spans.filter((span) => span.name === 'POST /mcp');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((span) => span.kind === 2)).toBe(true); // SERVER
    expect(posts.map((span) => attribute(span, 'http.response.status_code'))).toContain(200);
    expect(spans.some((span) => span.name === 'POST /oauth/token')).toBe(true);
  });

  it('nests the Kubernetes requests under the tool call, and the tool call under its HTTP request', () => {
    const toolCall = spans.find((span) => span.name === 'tools/call kubernetes_list');
    expect(toolCall).toBeDefined();
    expect(attribute(toolCall as OtlpSpan, 'gen_ai.tool.name')).toBe('kubernetes_list');
    const request = spans.find((span) => span.spanId === toolCall?.parentSpanId);
    expect(request?.name).toBe('POST /mcp');
    const kubernetes = spans.filter((span) => span.parentSpanId === toolCall?.spanId);
    expect(kubernetes.map((span) => span.name)).toContain('kubernetes GET');
    const list = kubernetes.find((span) =>
      String(attribute(span, 'url.path')).endsWith('/namespaces/team-a/pods'),
    );
    expect(list && attribute(list, 'http.response.status_code')).toBe('200');
    expect(kubernetes.every((span) => span.traceId === toolCall?.traceId && span.kind === 3)).toBe(true); // CLIENT
  });

  it('sends no token, email or query string', () => {
    expect(accessToken.length).toBeGreaterThan(10);
    expect(exported).not.toContain(accessToken);
    expect(exported).not.toContain(stack.devcluster.adminToken);
    expect(exported).not.toMatch(/@example\.com/);
    expect(exported).not.toMatch(/[?&](code|state|limit)=/);
    expect(exported).not.toMatch(/mcp-session-id|bearer /i);
  });
});
