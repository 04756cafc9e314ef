import type { CallToolResult } from '@modelcontextprotocol/server';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { KubernetesError } from '../../../src/k8s/kubernetes-error.js';
import type { ServerRuntime } from '../../../src/mcp/server-runtime.js';
import { callTool } from '../../../src/mcp/tool-call.js';
import { createToolSession } from '../../../src/mcp/tool-session.js';
import { selectTools } from '../../../src/mcp/tool-visibility.js';
import { PortForwards } from '../../../src/tools/portforward/port-forwards.js';
import type { ToolDefinition } from '../../../src/tools/tool-definition.js';
import { FAKE_TOOLS, fakeTool } from './fake-tools.js';

function runtimeWith(extra: ToolDefinition[], logged: string[] = []): ServerRuntime {
  const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(line) });
  return {
    name: 'test',
    version: '0',
    catalog: selectTools([...FAKE_TOOLS, ...extra], {
      nonDestructive: true,
      readOnly: false,
      dryRun: false,
      inCluster: false,
      transport: 'stdio',
      allowPortForward: false,
      stateless: false,
      enabledTools: [],
      disabledTools: [],
    }),
    access: {} as ServerRuntime['access'],
    settings: {
      dryRun: false,
      deniedResources: [],
      maxOutputBytes: 65536,
      httpGetMaxBytes: 65536,
      requestTimeoutMs: 1000,
      confirmDestructive: 'auto',
    },
    portForwards: new PortForwards({ perSession: 1, total: 1 }),
    logger,
  };
}

const context = {
  session: createToolSession(),
  signal: new AbortController().signal,
  reportProgress: async () => {},
};

describe('a tool call', () => {
  it('answers with the handler text as MCP text content', async () => {
    const result = await callTool(runtimeWith([]), 'kubernetes_list', { namespace: 'a' }, context);
    expect(result).toEqual({ content: [{ type: 'text', text: '{"namespace":"a"}' }], isError: false });
  });

  it('refuses a hidden tool, saying why and how to allow it', async () => {
    const result = await callTool(runtimeWith([]), 'kubernetes_delete', {}, context);
    expect(result.isError).toBe(true);
    expect((result as CallToolResult).content[0]).toMatchObject({
      text: expect.stringMatching(/^kubernetes_delete is disabled: the server runs with --non-destructive/),
    });
  });

  it('refuses an unknown tool, listing the tools there are', async () => {
    const result = await callTool(runtimeWith([]), 'kubectl', {}, context);
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: expect.stringContaining('kubernetes_list') }],
    });
  });

  it('refuses wrong arguments before the handler runs', async () => {
    let ran = false;
    const tool = fakeTool('kubernetes_get', {
      handler: async () => {
        ran = true;
        return { text: '' };
      },
    });
    const result = await callTool(runtimeWith([tool]), 'kubernetes_get', { replicas: 'x' }, context);
    expect(result.isError).toBe(true);
    expect(ran).toBe(false);
  });

  it('turns an unexpected throw into a generic error, logging the details', async () => {
    const logged: string[] = [];
    const tool = fakeTool('kubernetes_get', {
      handler: async () => {
        throw new Error('secret internals at /src/file.ts:12');
      },
    });
    const result = await callTool(runtimeWith([tool], logged), 'kubernetes_get', {}, context);
    expect(result).toEqual({
      isError: true,
      content: [
        {
          type: 'text',
          text: "kubernetes_get failed unexpectedly; the error is in the server's log. Try again, or report it.",
        },
      ],
    });
    expect(logged.join('')).toContain('secret internals');
  });

  it('names the HTTP request that carried a failed call on its log line', async () => {
    const logged: string[] = [];
    const tool = fakeTool('kubernetes_get', {
      handler: async () => {
        throw new Error('a bug');
      },
    });
    await callTool(runtimeWith([tool], logged), 'kubernetes_get', {}, context, {
      logFields: { requestId: 'req-42' },
    });
    expect(JSON.parse(logged.join(''))).toMatchObject({
      requestId: 'req-42',
      msg: 'tool failed unexpectedly',
    });
  });

  it('words a thrown Kubernetes error as every tool error is worded, with its suggestions', async () => {
    const tool = fakeTool('kubernetes_get', {
      handler: async () => {
        throw new KubernetesError(
          'the cluster does not serve "deploymnets".',
          'unknown-resource',
          undefined,
          undefined,
          undefined,
          ['deployments'],
        );
      },
    });
    const result = await callTool(runtimeWith([tool]), 'kubernetes_get', { namespace: 'a' }, context);
    expect((result as CallToolResult).content[0]).toMatchObject({
      text:
        'The cluster does not serve this resource type. Did you mean: deployments? Call ' +
        'kubernetes_api_resources to list every type it serves (custom resources appear once their CRD ' +
        'is installed).',
    });
  });

  it('logs no bug when a cancelled call throws the reason it was cancelled for', async () => {
    const logged: string[] = [];
    const cancel = new AbortController();
    const tool = fakeTool('kubernetes_get', {
      handler: async () => {
        cancel.abort('the client cancelled');
        throw cancel.signal.reason;
      },
    });
    const result = await callTool(
      runtimeWith([tool], logged),
      'kubernetes_get',
      {},
      {
        ...context,
        signal: cancel.signal,
      },
    );
    expect(result.isError).toBe(true);
    expect(logged).toEqual([]);
  });
});
