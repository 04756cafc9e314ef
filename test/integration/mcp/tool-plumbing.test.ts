import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ClusterAccess } from '../../../src/k8s/cluster-client.js';
import { createServer, type McpKubernetesServer } from '../../../src/server/create-server.js';
import type { ToolDefinition } from '../../../src/tools/tool-definition.js';
import { READS_CLUSTER } from '../../../src/tools/tool-effect.js';
import { connectStreamableHttp } from './mcp-fixtures.js';

// What the MCP layer adds around any tool, shown with tools made for the purpose.

const progressTool: ToolDefinition = {
  name: 'kubernetes_wait',
  title: 'Wait',
  description: 'reports progress three times',
  inputSchema: z.strictObject({}),
  effect: READS_CLUSTER,
  async handler(_args, context) {
    for (const step of [1, 2, 3]) await context.reportProgress(step, 3, `step ${step}`);
    return { text: 'done' };
  },
};

const crashingTool: ToolDefinition = {
  ...progressTool,
  name: 'kubernetes_crash',
  async handler() {
    throw new TypeError("Cannot read properties of undefined (reading 'items')");
  },
};

const noAccess: ClusterAccess = {
  inCluster: false,
  contexts: () => [],
  defaultContext: () => 'none',
  client: () => {
    throw new Error('no cluster in this test');
  },
  close: async () => {},
};

let server: McpKubernetesServer;
let client: Client;

beforeAll(async () => {
  server = createServer(
    { transport: 'streamable-http', httpAddr: '127.0.0.1:0', logLevel: 'silent' },
    { tools: [progressTool, crashingTool], clusterAccess: noAccess },
  );
  await server.start();
  client = await connectStreamableHttp(String(server.address?.url));
});

afterAll(async () => {
  await client.close();
  await server.stop();
});

describe('around every tool', () => {
  it('sends progress notifications when the client asks for them', async () => {
    const progress: { progress: number; total?: number; message?: string }[] = [];
    const result = (await client.callTool({ name: 'kubernetes_wait', arguments: {} }, undefined, {
      onprogress: (update) => progress.push(update),
    })) as CallToolResult;
    expect(result.content).toEqual([{ type: 'text', text: 'done' }]);
    expect(progress).toEqual([
      { progress: 1, total: 3, message: 'step 1' },
      { progress: 2, total: 3, message: 'step 2' },
      { progress: 3, total: 3, message: 'step 3' },
    ]);
  });

  it('sends none when the client did not ask', async () => {
    const result = (await client.callTool({ name: 'kubernetes_wait', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(false);
  });

  it('turns a crash into a generic tool error without internals, and keeps serving', async () => {
    const result = (await client.callTool({ name: 'kubernetes_crash', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).not.toContain('reading');
    expect(JSON.stringify(result.content)).toContain('kubernetes_crash failed unexpectedly');
    expect((await client.listTools()).tools).toHaveLength(2);
  });

  it('lists each tool with its annotations and a strict input schema', async () => {
    const [listed] = (await client.listTools()).tools;
    expect(listed).toMatchObject({
      name: 'kubernetes_wait',
      annotations: { readOnlyHint: true, title: 'Wait' },
      inputSchema: { type: 'object', additionalProperties: false },
    });
  });
});
