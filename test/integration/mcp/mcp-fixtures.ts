import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll } from 'vitest';
import { stringify } from 'yaml';
import { createServer, type McpKubernetesServer } from '../../../src/server/create-server.js';
import type { ServerConfigInput } from '../../../src/settings/server-config.js';

export interface KubeconfigContext {
  name: string;
  server: string;
  token: string;
  namespace?: string;
}

/** A kubeconfig whose contexts may point at different servers and default namespaces. */
export function kubeconfigYaml(contexts: KubeconfigContext[], current: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: contexts.map((context) => ({
      name: context.name,
      cluster: { server: context.server, 'insecure-skip-tls-verify': true },
    })),
    users: contexts.map((context) => ({ name: context.name, user: { token: context.token } })),
    contexts: contexts.map((context) => ({
      name: context.name,
      context: {
        cluster: context.name,
        user: context.name,
        ...(context.namespace && { namespace: context.namespace }),
      },
    })),
    'current-context': current,
  });
}

/** Two contexts on one simulator, defaulting to namespaces team-a and team-b. */
export function teamContexts(devcluster: DevCluster): KubeconfigContext[] {
  return ['team-a', 'team-b'].map((team) => ({
    name: team,
    server: devcluster.url,
    token: devcluster.adminToken,
    namespace: team,
  }));
}

export interface TempFiles {
  write(name: string, content: string): string;
  remove(): void;
}

export function tempFiles(): TempFiles {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-test-'));
  return {
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content, { mode: 0o600 });
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TeamCluster {
  devcluster: DevCluster;
  files: TempFiles;
  /** Path of a kubeconfig with the team contexts, team-a current. */
  kubeconfig: string;
}

/**
 * A simulator and a kubeconfig of its team contexts for the calling test file: started before its tests,
 * stopped and removed after them (after the file's own later-registered `afterAll` hooks).
 */
export function useTeamCluster(): TeamCluster {
  const cluster = {} as TeamCluster;
  beforeAll(async () => {
    cluster.devcluster = await startDevCluster({ seed: 'default' });
    cluster.files = tempFiles();
    cluster.kubeconfig = cluster.files.write(
      'kubeconfig',
      kubeconfigYaml(teamContexts(cluster.devcluster), 'team-a'),
    );
  });
  afterAll(async () => {
    await cluster.devcluster?.stop();
    cluster.files?.remove();
  });
  return cluster;
}

/**
 * Settings for servers in tests that are not about the security layer: everything comes from one
 * loopback address, so the per-IP and per-user limits would throttle the suite, and the audit log
 * would fill its output (both have tests of their own).
 */
export const TEST_SERVER_DEFAULTS = {
  logLevel: 'silent',
  auditLog: 'off',
  rateLimitIp: 0,
  rateLimitUser: 0,
} as const satisfies ServerConfigInput;

/** A server on a free loopback port, quiet in the test output. */
export async function startHttpServer(
  config: ServerConfigInput,
): Promise<McpKubernetesServer & { url: string }> {
  const server = createServer({
    transport: 'streamable-http',
    httpAddr: '127.0.0.1:0',
    ...TEST_SERVER_DEFAULTS,
    ...config,
  });
  await server.start();
  const url = server.address?.url;
  if (!url) throw new Error('the server has no address');
  return Object.assign(server, { url });
}

export async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

export function connectStreamableHttp(url: string): Promise<Client> {
  return connect(new StreamableHTTPClientTransport(new URL(url)));
}

export function connectSse(url: string): Promise<Client> {
  return connect(new SSEClientTransport(new URL(url)));
}

export async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return {
    text,
    isError: result.isError === true,
    ...(result.structuredContent && { structured: result.structuredContent }),
  };
}

export async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name);
}

/** A TCP server that accepts connections and never answers: a hung API server. */
export async function startSilentServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on. */
export async function closedPortUrl(): Promise<string> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${address.port}`;
}
