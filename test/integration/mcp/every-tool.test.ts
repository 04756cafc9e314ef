import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../../helpers/cli-process.js';
import {
  call,
  connectStreamableHttp,
  kubeconfigYaml,
  startHttpServer,
  type TempFiles,
  tempFiles,
} from './mcp-fixtures.js';

// Every tool on its happy path, through the SDK's real MCP client, over both transports a user
// runs: stdio (the built CLI as a child process) and streamable HTTP.

interface ToolCase {
  tool: string;
  args: Record<string, unknown>;
  /** Text the answer must contain. */
  expect: (string | RegExp)[];
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';

const CASES: ToolCase[] = [
  {
    tool: 'kubernetes_list',
    args: { resourceType: 'pods', namespace: 'team-a' },
    expect: [/NAME\s+READY\s+STATUS/, 'CrashLoopBackOff'],
  },
  {
    tool: 'kubernetes_get',
    args: { resourceType: 'deploy', name: 'web', namespace: 'team-a' },
    expect: ['name: web', 'nginx'],
  },
  {
    tool: 'kubernetes_describe',
    args: { resourceType: 'deployment', name: 'api', namespace: 'team-a' },
    expect: ['api', /Events|events/],
  },
  { tool: 'kubernetes_events', args: { namespace: 'team-a', type: 'Warning' }, expect: ['BackOff'] },
  { tool: 'kubernetes_api_resources', args: { apiGroup: 'apps' }, expect: ['deployments'] },
  { tool: 'kubernetes_create', args: { namespace: 'team-a', manifest: CONFIG_MAP }, expect: ['settings'] },
  {
    tool: 'kubernetes_apply',
    args: { namespace: 'team-a', manifest: CONFIG_MAP.replace('settings', 'applied') },
    expect: ['applied'],
  },
  {
    tool: 'kubernetes_patch',
    args: {
      resourceType: 'configmap',
      name: 'settings',
      namespace: 'team-a',
      patchType: 'merge',
      patch: { data: { mode: 'safe' } },
    },
    expect: ['mode: safe'],
  },
  { tool: 'kubernetes_scale', args: { name: 'web', namespace: 'team-a', replicas: 4 }, expect: ['4'] },
  {
    tool: 'kubernetes_rollout',
    args: { action: 'history', name: 'web', namespace: 'team-a' },
    expect: [/REVISION|revision/],
  },
  {
    tool: 'kubernetes_logs',
    args: { resourceType: 'deployment', name: 'web', namespace: 'team-a', tailLines: 5 },
    expect: ['GET'],
  },
  {
    tool: 'kubernetes_exec',
    args: { name: 'db-0', namespace: 'team-b', command: ['sh', '-c', 'echo hello-from-db; exit 3'] },
    expect: ['hello-from-db', '3'],
  },
  {
    tool: 'kubernetes_node',
    args: { action: 'drain', name: 'worker-2', dryRun: true, force: true },
    expect: ['Dry run: draining node/worker-2'],
  },
  {
    tool: 'kubernetes_helm',
    args: { action: 'history', release: 'web', namespace: 'team-a' },
    expect: [/1\s+\S+\s+superseded\s+web-0\.3\.0/, 'Upgrade complete'],
  },
  {
    tool: 'kubernetes_port_forward',
    args: { resourceType: 'deployment', name: 'web', namespace: 'team-a', port: 80 },
    expect: [/^Forwarding 127\.0\.0\.1:\d+ -> team-a\/web-\S+:80 \(deployment\/web\), id pf-1\./],
  },
  { tool: 'kubernetes_port_forward_list', args: {}, expect: [/pf-1\s+127\.0\.0\.1:\d+/] },
  { tool: 'kubernetes_port_forward_stop', args: {}, expect: [/^Stopped pf-1 \(127\.0\.0\.1:\d+\)\.$/] },
  { tool: 'kubernetes_cluster_health', args: {}, expect: ['v1.36', 'worker-1'] },
  {
    tool: 'kubernetes_can_i',
    args: { verb: 'delete', resourceType: 'deployments', namespace: 'team-a' },
    expect: [/yes|allowed/i],
  },
  {
    tool: 'kubernetes_delete',
    args: { resourceType: 'configmap', name: 'settings', namespace: 'team-a' },
    expect: ['settings'],
  },
  {
    tool: 'kubernetes_top',
    args: { namespace: 'team-a', sortBy: 'memory' },
    expect: [/^NAME\s+CPU\(CORES\)\s+CPU REQUEST/, /web-\S+\s+\d+m\s+50m \(\d+%\)/],
  },
  {
    tool: 'kubernetes_http_get',
    args: { kind: 'service', name: 'web', namespace: 'team-a' },
    expect: [/^HTTP 200/, 'Welcome to nginx!'],
  },
  { tool: 'kubernetes_context_list', args: {}, expect: ['demo'] },
  { tool: 'kubernetes_context_get_current', args: {}, expect: ['demo'] },
  { tool: 'kubernetes_context_use', args: { name: 'demo' }, expect: ['demo'] },
];

/**
 * Listing first also has the SDK client check every structuredContent against the tool's
 * outputSchema (it throws on a mismatch, or on a data tool answering without one).
 */
async function runEveryTool(client: Client): Promise<void> {
  const tools = (await client.listTools()).tools;
  const listed = tools.map((tool) => tool.name).sort();
  expect(listed).toEqual([...new Set(CASES.map((entry) => entry.tool))].sort());
  const dataTools = new Set(tools.filter((tool) => tool.outputSchema).map((tool) => tool.name));
  expect(dataTools.size).toBeGreaterThanOrEqual(7);
  for (const entry of CASES) {
    const result = await call(client, entry.tool, entry.args);
    expect(result.isError, `${entry.tool}: ${result.text}`).toBe(false);
    for (const expected of entry.expect) expect(result.text, entry.tool).toMatch(expected);
    expect(result.structured !== undefined, entry.tool).toBe(dataTools.has(entry.tool));
  }
  const prompts = (await client.listPrompts()).prompts.map((prompt) => prompt.name);
  expect(prompts).toEqual(['diagnose-pod', 'diagnose-namespace', 'review-rbac']);
  const diagnosis = await client.getPrompt({
    name: 'diagnose-pod',
    arguments: { name: 'web-1', namespace: 'team-a' },
  });
  const [message] = diagnosis.messages;
  expect(message?.content).toMatchObject({
    type: 'text',
    text: expect.stringContaining('"web-1" in team-a'),
  });
  expect(JSON.stringify(diagnosis)).toContain('kubernetes_logs');
  const namespaceDiagnosis = await client.getPrompt({
    name: 'diagnose-namespace',
    arguments: { namespace: 'team-a' },
  });
  // Pods that never appear are often refused by a quota or a LimitRange, which describe shows.
  expect(JSON.stringify(namespaceDiagnosis)).toContain('kubernetes_describe the namespace for its quotas');
  await expect(client.getPrompt({ name: 'diagnose-pod', arguments: {} })).rejects.toThrow(
    'Prompt diagnose-pod needs "name"',
  );
}

const WRITES_ON = { nonDestructive: false, allowPortForward: true } as const;

describe('every tool through the real MCP client', () => {
  let files: TempFiles;

  beforeAll(() => {
    files = tempFiles();
  });
  afterAll(() => files.remove());

  async function withCluster(run: (devcluster: DevCluster, kubeconfigPath: string) => Promise<void>) {
    const devcluster = await startDevCluster();
    try {
      const yaml = kubeconfigYaml(
        [{ name: 'demo', server: devcluster.url, token: devcluster.adminToken }],
        'demo',
      );
      await run(devcluster, files.write(`kubeconfig-${Date.now()}`, yaml));
    } finally {
      await devcluster.stop();
    }
  }

  it('over stdio', async () => {
    await withCluster(async (_devcluster, kubeconfigPath) => {
      const client = new Client({ name: 'every-tool', version: '1.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [
            CLI_PATH,
            'serve',
            `--kubeconfig=${kubeconfigPath}`,
            '--non-destructive=false',
            '--log-level=error',
          ],
          stderr: 'ignore',
        }),
      );
      try {
        await runEveryTool(client);
      } finally {
        await client.close();
      }
    });
  }, 60_000);

  it('over streamable HTTP', async () => {
    await withCluster(async (_devcluster, kubeconfigPath) => {
      const server = await startHttpServer({ kubeconfig: kubeconfigPath, ...WRITES_ON });
      const client = await connectStreamableHttp(server.url);
      try {
        await runEveryTool(client);
      } finally {
        await client.close();
        await server.stop();
      }
    });
  }, 60_000);
});
