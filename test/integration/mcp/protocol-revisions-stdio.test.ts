import type { Client } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as LegacyStdioTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../../helpers/cli-process.js';
import { call, useTeamCluster } from './mcp-fixtures.js';
import { connectModernStdio, MODERN_REVISION, modernCall, podNames } from './modern-client.js';

// `dist/cli.js serve` over stdio (run `npm run build` first): the client's first message picks the
// revision for the connection, 2025-11-25 (initialize) for the v1 SDK client, 2026-07-28 for the v2 one.

const cluster = useTeamCluster();

describe('serve over stdio for both protocol revisions', () => {
  let modern: Client;
  let legacy: LegacyClient;

  beforeAll(async () => {
    modern = await connectModernStdio(cluster.kubeconfig);
    legacy = new LegacyClient({ name: 'mcp-test', version: '1.0.0' });
    await legacy.connect(
      new LegacyStdioTransport({
        command: process.execPath,
        args: [CLI_PATH, 'serve', `--kubeconfig=${cluster.kubeconfig}`],
        stderr: 'ignore',
      }),
    );
  });
  afterAll(async () => {
    await modern?.close();
    await legacy?.close();
  });

  it('speaks 2026-07-28 with the v2 client and 2025-11-25 with the v1 client', () => {
    expect(modern.getNegotiatedProtocolVersion()).toBe(MODERN_REVISION);
    expect(modern.getServerVersion()?.name).toBe('mcp-kubernetes');
    expect(legacy.getServerVersion()?.name).toBe('mcp-kubernetes');
  });

  it('lists the same tools and prompts to both', async () => {
    const tools = (await modern.listTools()).tools.map((tool) => tool.name);
    expect(tools).toContain('kubernetes_list');
    expect(tools).toEqual((await legacy.listTools()).tools.map((tool) => tool.name));
    const prompts = (await modern.listPrompts()).prompts.map((prompt) => prompt.name);
    expect(prompts).toContain('diagnose-pod');
    expect(prompts).toEqual((await legacy.listPrompts()).prompts.map((prompt) => prompt.name));
  });

  it('calls kubernetes_list against the simulator for both', async () => {
    const args = { resourceType: 'pods', namespace: 'team-a' };
    const fromModern = await modernCall(modern, 'kubernetes_list', args);
    expect(fromModern.isError).toBe(false);
    expect(fromModern.text).toContain('CrashLoopBackOff');
    expect(podNames(fromModern.text)).toEqual(podNames((await call(legacy, 'kubernetes_list', args)).text));
  });

  it('keeps the context a 2026-07-28 client switches to for its connection (the process is its session)', async () => {
    const switched = await modernCall(modern, 'kubernetes_context_use', { name: 'team-b' });
    expect(switched.isError).toBe(false);
    expect((await modernCall(modern, 'kubernetes_context_get_current')).text).toContain('team-b');
    expect((await call(legacy, 'kubernetes_context_get_current')).text).toContain('team-a');
  });
});
