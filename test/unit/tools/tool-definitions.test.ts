import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterAccess } from '../../../src/k8s/cluster-client.js';
import { KubernetesError } from '../../../src/k8s/kubernetes-error.js';
import type { ServerConfigInput } from '../../../src/settings/server-config.js';
import { connectToolClient, type ToolAnswer, type ToolClient } from '../../helpers/tool-client.js';

// The tools as a client meets them: listed, their arguments checked, their visibility under the
// flags. No cluster: a call whose arguments pass stops at the first request.

const UNREACHABLE = 'no cluster in this test';

function noCluster(inCluster = false): ClusterAccess {
  return {
    inCluster,
    contexts: () => [],
    defaultContext: () => 'none',
    client: () => {
      throw new KubernetesError(UNREACHABLE, 'unreachable');
    },
    close: async () => {},
  };
}

async function listed(flags: ServerConfigInput, inCluster = false): Promise<Tool[]> {
  const connection = await connectToolClient({ access: noCluster(inCluster), flags });
  try {
    return (await connection.client.listTools()).tools;
  } finally {
    await connection.close();
  }
}

const names = (tools: Tool[]) => tools.map((tool) => tool.name);

/** Connected with --non-destructive=false: every tool is offered. */
let everything: ToolClient;
let tools: Tool[];
let listedDefault: Tool[];
let listedDryRun: Tool[];
beforeAll(async () => {
  everything = await connectToolClient({ access: noCluster(), flags: { nonDestructive: false } });
  tools = (await everything.client.listTools()).tools;
  listedDefault = await listed({});
  listedDryRun = await listed({ dryRun: true });
});
afterAll(() => everything.close());

function listedTool(name: string): Tool {
  const found = tools.find((tool) => tool.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

function properties(tool: Tool): Record<string, { description?: string; default?: unknown }> {
  return (tool.inputSchema.properties ?? {}) as Record<string, { description?: string; default?: unknown }>;
}

const ARGUMENTS_REFUSED = /^Invalid arguments for kubernetes_\w+: /;

/** The arguments passed the checks: the call went on to the (absent) cluster. */
function expectArgumentsAccepted(answer: ToolAnswer): void {
  expect(answer.text).not.toMatch(ARGUMENTS_REFUSED);
  expect(answer.text).toContain(UNREACHABLE);
}

describe('tool definitions', () => {
  it('offers every tool of the issue, once, under its reference name', () => {
    expect(names(tools).sort()).toEqual([
      'kubernetes_api_resources',
      'kubernetes_apply',
      'kubernetes_can_i',
      'kubernetes_cluster_health',
      'kubernetes_context_get_current',
      'kubernetes_context_list',
      'kubernetes_context_use',
      'kubernetes_create',
      'kubernetes_delete',
      'kubernetes_describe',
      'kubernetes_events',
      'kubernetes_exec',
      'kubernetes_get',
      'kubernetes_helm',
      'kubernetes_http_get',
      'kubernetes_list',
      'kubernetes_logs',
      'kubernetes_node',
      'kubernetes_patch',
      'kubernetes_port_forward',
      'kubernetes_port_forward_list',
      'kubernetes_port_forward_stop',
      'kubernetes_rollout',
      'kubernetes_scale',
      'kubernetes_top',
    ]);
  });

  it('refuses unknown arguments of every tool and describes every field', async () => {
    for (const tool of tools) {
      const answer = await everything.call(tool.name, { surprise: true });
      expect(answer.isError, tool.name).toBe(true);
      expect(answer.text, tool.name).toMatch(ARGUMENTS_REFUSED);
      expect(answer.text, tool.name).toContain('unknown argument "surprise" (allowed: ');
      for (const [field, property] of Object.entries(properties(tool))) {
        expect(property.description, `${tool.name}.${field}`).toMatch(/\w{3,}/);
      }
      expect(tool.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(tool.description?.length, tool.name).toBeGreaterThan(60);
      expect(tool.annotations?.openWorldHint, tool.name).toBe(true);
    }
  });

  it('gives every tool a title, for clients to show people instead of the name', () => {
    for (const tool of tools) {
      expect(tool.title, tool.name).toMatch(/^[A-Z][^\n]{5,60}$/);
      // Clients of MCP 2025-03-26 read the title from the annotations only.
      expect(tool.annotations?.title, tool.name).toBe(tool.title);
    }
  });

  it('refuses arguments of the wrong type, saying what was expected and what came', async () => {
    const answer = await everything.call('kubernetes_list', { resourceType: 'pods', limit: '50' });
    expect(answer).toEqual({
      isError: true,
      text: 'Invalid arguments for kubernetes_list: "limit" must be number, got string "50"',
    });
    expect((await everything.call('kubernetes_get', { resourceType: 'pods' })).text).toBe(
      'Invalid arguments for kubernetes_get: "name" is required (string)',
    );
  });

  it('hides exactly the tools that change the cluster, exec or forward ports by default, and only exec and port forwarding with --dry-run', async () => {
    const hiddenByDefault = names(tools).filter((name) => !names(listedDefault).includes(name));
    expect(hiddenByDefault.sort()).toEqual([
      'kubernetes_apply',
      'kubernetes_create',
      'kubernetes_delete',
      'kubernetes_exec',
      'kubernetes_node',
      'kubernetes_patch',
      'kubernetes_port_forward',
      'kubernetes_port_forward_list',
      'kubernetes_port_forward_stop',
      'kubernetes_scale',
    ]);
    // Listing port forwards changes nothing, yet it is hidden with the family that opens them.
    for (const name of hiddenByDefault.filter((hidden) => hidden !== 'kubernetes_port_forward_list'))
      expect(listedTool(name).annotations?.readOnlyHint, name).toBe(false);
    expect(listedTool('kubernetes_port_forward_list').annotations?.readOnlyHint).toBe(true);
    const hiddenByDryRun = names(tools).filter((name) => !names(listedDryRun).includes(name));
    expect(hiddenByDryRun).toEqual([
      'kubernetes_exec',
      'kubernetes_port_forward',
      'kubernetes_port_forward_list',
      'kubernetes_port_forward_stop',
    ]);
    expect(names(await listed({ readOnly: true, nonDestructive: false }))).toEqual(names(listedDefault));
  });

  it.each([
    {
      flags: { readOnly: true, nonDestructive: false },
      tool: 'kubernetes_delete',
      reason: 'the server runs with --read-only; start it without --read-only to allow writes',
    },
    {
      flags: {},
      tool: 'kubernetes_apply',
      reason:
        'the server runs with --non-destructive (the default); start it with --non-destructive=false to ' +
        'allow writes, or with --dry-run to have them validated without storing anything',
    },
    {
      flags: {},
      tool: 'kubernetes_exec',
      reason:
        'the server runs with --non-destructive (the default); start it with --non-destructive=false to allow exec',
    },
    {
      flags: { dryRun: true, nonDestructive: false },
      tool: 'kubernetes_exec',
      reason: 'the server runs with --dry-run, and a command run in a container cannot be a dry run',
    },
    {
      flags: { disabledTools: ['kubernetes_get'] },
      tool: 'kubernetes_get',
      reason: 'it is listed in --disabled-tools',
    },
  ] satisfies { flags: ServerConfigInput; tool: string; reason: string }[])(
    'refuses $tool under $flags, saying which flag hides it',
    async ({ flags, tool, reason }) => {
      const connection = await connectToolClient({ access: noCluster(), flags });
      const answer = await connection.call(tool, { resourceType: 'pods', name: 'web', command: ['true'] });
      await connection.close();
      expect(answer).toEqual({ isError: true, text: `${tool} is disabled: ${reason}` });
    },
  );

  it('refuses the context tools in-cluster, where there are no kubeconfig contexts', async () => {
    const connection = await connectToolClient({ access: noCluster(true) });
    const answer = await connection.call('kubernetes_context_use', { name: 'staging' });
    await connection.close();
    expect(answer).toEqual({
      isError: true,
      text:
        'kubernetes_context_use is disabled: the server runs in-cluster with its service account, where ' +
        'there are no kubeconfig contexts',
    });
  });

  it('keeps kubernetes_rollout listed when writes are off but refuses its writing actions', async () => {
    const connection = await connectToolClient({ access: noCluster() });
    const reason = 'the server runs with --non-destructive (the default)';
    for (const action of ['restart', 'undo', 'pause', 'resume']) {
      const answer = await connection.call('kubernetes_rollout', {
        action,
        resourceType: 'deployment',
        name: 'web',
        namespace: 'team-a',
      });
      expect(answer.isError).toBe(true);
      expect(answer.text).toContain(
        `kubernetes_rollout ${action} changes the cluster, which is disabled: ${reason}`,
      );
    }
    expectArgumentsAccepted(await connection.call('kubernetes_rollout', { action: 'status', name: 'web' }));
    await connection.close();
  });

  it('hides only the kubeconfig context tools in-cluster', async () => {
    const inCluster = names(await listed({ nonDestructive: false }, true));
    expect(names(tools).filter((name) => !inCluster.includes(name))).toEqual([
      'kubernetes_context_list',
      'kubernetes_context_get_current',
      'kubernetes_context_use',
    ]);
    // Every tool that reaches a cluster takes a context; listing and stopping forwards reach none.
    const sessionOnly = ['kubernetes_port_forward_list', 'kubernetes_port_forward_stop'];
    for (const name of inCluster.filter((tool) => !sessionOnly.includes(tool)))
      expect(Object.keys(properties(listedTool(name))), name).toContain('context');
  });

  it('applies the list and get defaults of the issue', () => {
    const defaults = (name: string) =>
      Object.fromEntries(
        Object.entries(properties(listedTool(name))).map(([key, value]) => [key, value.default]),
      );
    expect(defaults('kubernetes_list')).toMatchObject({
      output: 'table',
      limit: 50,
      allNamespaces: false,
      summary: false,
    });
    expect(defaults('kubernetes_get')).toMatchObject({ output: 'slim' });
    expect(defaults('kubernetes_logs')).toMatchObject({ tailLines: 100 });
  });

  it('takes a JSON patch as an array of operations and refuses one written as an object', async () => {
    const base = { resourceType: 'deploy', name: 'web', patchType: 'json' };
    const operation = { op: 'replace', path: '/spec/replicas', value: 2 };
    expectArgumentsAccepted(await everything.call('kubernetes_patch', { ...base, patch: [operation] }));
    expect((await everything.call('kubernetes_patch', { ...base, patch: operation })).text).toMatch(
      ARGUMENTS_REFUSED,
    );
    expectArgumentsAccepted(
      await everything.call('kubernetes_patch', {
        ...base,
        patchType: 'merge',
        patch: { spec: { replicas: 2 } },
      }),
    );
  });

  it('needs exactly one of manifest and object for create and apply', async () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
    expectArgumentsAccepted(await everything.call('kubernetes_apply', { object }));
    expectArgumentsAccepted(await everything.call('kubernetes_apply', { manifest }));
    expect((await everything.call('kubernetes_apply', {})).text).toMatch(ARGUMENTS_REFUSED);
    expect((await everything.call('kubernetes_apply', { object, manifest })).text).toMatch(ARGUMENTS_REFUSED);
  });

  it('takes the exec command as an array and a log duration in kubectl form', async () => {
    expect((await everything.call('kubernetes_exec', { name: 'p', command: 'ls -l' })).text).toMatch(
      ARGUMENTS_REFUSED,
    );
    expectArgumentsAccepted(await everything.call('kubernetes_exec', { name: 'p', command: ['ls', '-l'] }));
    expectArgumentsAccepted(await everything.call('kubernetes_logs', { name: 'p', since: '1h30m' }));
    expect((await everything.call('kubernetes_logs', { name: 'p', since: 'an hour' })).text).toMatch(
      ARGUMENTS_REFUSED,
    );
  });
});
