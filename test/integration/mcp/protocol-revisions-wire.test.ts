import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpKubernetesServer } from '../../../src/server/create-server.js';
import { call, connectStreamableHttp, startHttpServer, useTeamCluster } from './mcp-fixtures.js';
import { MODERN_REVISION } from './modern-client.js';

// The 2026-07-28 rules on the wire, next to a 2025-11-25 session on the same port: the headers must
// say what the body says (HeaderMismatch, -32020), and a revision the server does not serve is
// refused with the versions it does (UnsupportedProtocolVersion, -32022).

const cluster = useTeamCluster();

interface RpcAnswer {
  status: number;
  body: {
    id?: unknown;
    result?: Record<string, unknown>;
    error?: { code: number; message: string; data?: { supported?: string[]; requested?: string } };
  };
}

function envelope(revision: string) {
  return {
    'io.modelcontextprotocol/protocolVersion': revision,
    'io.modelcontextprotocol/clientInfo': { name: 'wire-test', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
}

describe('2026-07-28 requests on the wire', () => {
  let server: McpKubernetesServer & { url: string };

  beforeAll(async () => {
    server = await startHttpServer({ kubeconfig: cluster.kubeconfig });
  });
  afterAll(() => server?.stop());

  async function post(
    method: string,
    params: Record<string, unknown>,
    headers: Record<string, string>,
  ): Promise<RpcAnswer> {
    const answer = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }),
    });
    return { status: answer.status, body: (await answer.json()) as RpcAnswer['body'] };
  }

  const modernHeaders = (method: string, name?: string) => ({
    'mcp-protocol-version': MODERN_REVISION,
    'mcp-method': method,
    ...(name ? { 'mcp-name': name } : {}),
  });

  it('answers a request whose headers match its body, with cache hints on the listing', async () => {
    const answer = await post(
      'tools/list',
      { _meta: envelope(MODERN_REVISION) },
      modernHeaders('tools/list'),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.result?.resultType).toBe('complete');
    expect(answer.body.result?.ttlMs).toBe(300_000);
    expect(answer.body.result?.cacheScope).toBe('public');
    expect(JSON.stringify(answer.body.result?.tools)).toContain('kubernetes_list');
  });

  it('answers server/discover with the revisions it serves', async () => {
    const answer = await post(
      'server/discover',
      { _meta: envelope(MODERN_REVISION) },
      modernHeaders('server/discover'),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.result?.supportedVersions).toContain(MODERN_REVISION);
    expect(JSON.stringify(answer.body.result)).toContain('"name":"mcp-kubernetes"');
  });

  it('refuses an Mcp-Method header that is not the body method (HeaderMismatch)', async () => {
    const answer = await post(
      'tools/list',
      { _meta: envelope(MODERN_REVISION) },
      modernHeaders('prompts/list'),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe(-32020);
    expect(answer.body.id).toBe(7);
  });

  it('refuses an Mcp-Name header that is not the tool called (HeaderMismatch)', async () => {
    const params = {
      name: 'kubernetes_list',
      arguments: { resourceType: 'pods' },
      _meta: envelope(MODERN_REVISION),
    };
    const answer = await post('tools/call', params, modernHeaders('tools/call', 'kubernetes_delete'));
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe(-32020);
  });

  it('refuses a body revision the MCP-Protocol-Version header does not name (HeaderMismatch)', async () => {
    const answer = await post('tools/list', { _meta: envelope('2026-08-01') }, modernHeaders('tools/list'));
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe(-32020);
  });

  it('refuses an unknown revision, listing the ones it serves (UnsupportedProtocolVersion)', async () => {
    const answer = await post(
      'tools/list',
      { _meta: envelope('2099-01-01') },
      {
        'mcp-protocol-version': '2099-01-01',
        'mcp-method': 'tools/list',
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe(-32022);
    expect(answer.body.error?.data?.supported).toEqual([MODERN_REVISION]);
    expect(answer.body.error?.data?.requested).toBe('2099-01-01');
  });

  it('keeps a 2025-11-25 session working beside them', async () => {
    const legacy = await connectStreamableHttp(server.url);
    try {
      const refused = await post(
        'tools/list',
        { _meta: envelope(MODERN_REVISION) },
        modernHeaders('prompts/list'),
      );
      expect(refused.status).toBe(400);
      const served = await post(
        'tools/list',
        { _meta: envelope(MODERN_REVISION) },
        modernHeaders('tools/list'),
      );
      expect(served.status).toBe(200);
      const listed = await call(legacy, 'kubernetes_list', { resourceType: 'pods', namespace: 'team-a' });
      expect(listed.text).toContain('CrashLoopBackOff');
    } finally {
      await legacy.close();
    }
  });
});
