import { once } from 'node:events';
import { connect as connectTcp } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { accepts, httpGet } from '../../helpers/local-http.js';
import { call, connect, connectSse, startHttpServer, toolNames, useTeamCluster } from './mcp-fixtures.js';
import { connectModernHttp, modernCall } from './modern-client.js';

// Over HTTP a forwarded port opens on the server's machine, not the caller's: the port-forward
// tools are offered only with --allow-port-forward, and then each session's forwards end with it.

const cluster = useTeamCluster();
const PORT_FORWARD_TOOLS = [
  'kubernetes_port_forward',
  'kubernetes_port_forward_list',
  'kubernetes_port_forward_stop',
];
const WEB = { resourceType: 'deployment', name: 'web', namespace: 'team-a', port: 80 };

async function startForward(client: Client): Promise<string> {
  const answer = await call(client, 'kubernetes_port_forward', WEB);
  expect(answer.isError, answer.text).toBe(false);
  return /^Forwarding (127\.0\.0\.1:\d+) ->/.exec(answer.text)?.[1] ?? '';
}

/**
 * A 2025-11-25 session by bare POSTs: unlike the SDK's client it opens no GET stream, which would
 * keep the session busy by itself.
 */
async function bareSession(url: string) {
  let sessionId = '';
  let nextId = 1;
  const post = async (message: Record<string, unknown>) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-11-25',
        ...(sessionId && { 'mcp-session-id': sessionId }),
      },
      body: JSON.stringify({ jsonrpc: '2.0', ...message }),
    });
    sessionId ||= response.headers.get('mcp-session-id') ?? '';
    const data = (await response.text()).match(/^data: (.*)$/m)?.[1];
    return { status: response.status, answer: data ? JSON.parse(data) : undefined };
  };
  const clientInfo = { name: 'bare', version: '1' };
  await post({
    id: nextId++,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo },
  });
  await post({ method: 'notifications/initialized' });
  return {
    call: (name: string, args: Record<string, unknown>) =>
      post({ id: nextId++, method: 'tools/call', params: { name, arguments: args } }),
  };
}

describe('port forwarding over HTTP', () => {
  it.each(['streamable-http', 'sse'] as const)(
    'is neither offered nor callable over %s without --allow-port-forward, saying why',
    async (transport) => {
      const server = await startHttpServer({
        transport,
        kubeconfig: cluster.kubeconfig,
        nonDestructive: false,
      });
      const client = await (transport === 'sse'
        ? connectSse(server.url)
        : connect(new StreamableHTTPClientTransport(new URL(server.url))));
      try {
        const names = await toolNames(client);
        expect(names).toContain('kubernetes_exec');
        for (const name of PORT_FORWARD_TOOLS) expect(names).not.toContain(name);
        expect((await call(client, 'kubernetes_port_forward', WEB)).text).toBe(
          `kubernetes_port_forward is disabled: over ${transport} a forwarded port would open on the server's ` +
            'machine, not on yours; start the server with --allow-port-forward to allow it',
        );
      } finally {
        await client.close();
        await server.stop();
      }
    },
  );

  it('works with --allow-port-forward, and closes a session’s forwards when the session or the server ends', async () => {
    const server = await startHttpServer({ kubeconfig: cluster.kubeconfig, allowPortForward: true });
    const ended = new StreamableHTTPClientTransport(new URL(server.url));
    const first = await connect(ended);
    const second = await connect(new StreamableHTTPClientTransport(new URL(server.url)));
    try {
      expect(await toolNames(first)).toEqual(expect.arrayContaining(PORT_FORWARD_TOOLS));
      const closedWithSession = await startForward(first);
      expect((await httpGet(closedWithSession)).body).toContain('Welcome to nginx!');
      const closedWithServer = await startForward(second);
      expect((await call(second, 'kubernetes_port_forward_list')).text).not.toContain(closedWithSession);

      await ended.terminateSession();
      await expect.poll(() => accepts(closedWithSession)).toBe(false);
      expect(await accepts(closedWithServer)).toBe(true);

      await server.stop();
      expect(await accepts(closedWithServer)).toBe(false);
    } finally {
      await first.close();
      await second.close();
      await server.stop();
    }
  });

  it('keeps a session whose forward carries a connection past --session-idle-timeout; ends it once idle', async () => {
    const server = await startHttpServer({
      kubeconfig: cluster.kubeconfig,
      allowPortForward: true,
      sessionIdleTimeout: '1s',
    });
    try {
      const session = await bareSession(server.url);
      const started = await session.call('kubernetes_port_forward', WEB);
      const address = /^Forwarding (127\.0\.0\.1:\d+) ->/.exec(
        started.answer?.result?.content?.[0]?.text,
      )?.[1];
      const [host, port] = (address ?? '').split(':');
      const held = connectTcp({ host: host ?? '', port: Number(port) });
      const reply: Buffer[] = [];
      held.on('data', (chunk: Buffer) => reply.push(chunk));
      const closed = once(held, 'close');
      await once(held, 'connect');
      await sleep(2500);
      // The connection still reaches nginx after more than twice the idle timeout.
      held.write('GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n');
      await closed;
      expect(Buffer.concat(reply).toString('utf8')).toContain('Welcome to nginx!');

      await sleep(2500);
      expect(await accepts(address ?? '')).toBe(false);
      expect((await session.call('kubernetes_port_forward_list', {})).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it('refuses a forward to a 2026-07-28 request, which has no session to hold it, saying so', async () => {
    const server = await startHttpServer({ kubeconfig: cluster.kubeconfig, allowPortForward: true });
    const modern = await connectModernHttp(server.url);
    try {
      const refused = await modernCall(modern, 'kubernetes_port_forward', WEB);
      expect(refused.isError).toBe(true);
      expect(refused.text).toContain('no MCP session to hold a port forward');
      expect(refused.text).not.toMatch(/\n\s+at /);
    } finally {
      await modern.close();
      await server.stop();
    }
  });
});
