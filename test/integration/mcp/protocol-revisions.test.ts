import type { Client } from '@modelcontextprotocol/client';
import type { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpKubernetesServer } from '../../../src/server/create-server.js';
import { call, connectStreamableHttp, startHttpServer, toolNames, useTeamCluster } from './mcp-fixtures.js';
import { connectModernHttp, MODERN_REVISION, modernCall, podNames } from './modern-client.js';

// One streamable-HTTP endpoint serves both protocol revisions, chosen per request: the v1 SDK client
// (2025-11-25: initialize, a session) and the v2 client (2026-07-28: stateless), side by side.

const cluster = useTeamCluster();

describe.each([
  { mode: 'sessions', stateless: false },
  { mode: '--stateless', stateless: true },
])('both protocol revisions on one port ($mode)', ({ stateless }) => {
  let server: McpKubernetesServer & { url: string };
  let legacy: LegacyClient;
  let modern: Client;

  beforeAll(async () => {
    server = await startHttpServer({ kubeconfig: cluster.kubeconfig, stateless });
    legacy = await connectStreamableHttp(server.url);
    modern = await connectModernHttp(server.url);
  });
  afterAll(async () => {
    await legacy?.close();
    await modern?.close();
    await server?.stop();
  });

  it('negotiates 2026-07-28 with the v2 client, without initialize', () => {
    expect(modern.getNegotiatedProtocolVersion()).toBe(MODERN_REVISION);
    expect(modern.getServerVersion()?.name).toBe('mcp-kubernetes');
  });

  it('lists the same tools to both clients', async () => {
    const modernNames = (await modern.listTools()).tools.map((tool) => tool.name);
    expect(modernNames).toContain('kubernetes_list');
    expect(modernNames).not.toContain('kubernetes_delete');
    expect(modernNames).toEqual(await toolNames(legacy));
  });

  it('calls kubernetes_list against the simulator for both, interleaved', async () => {
    const args = { resourceType: 'pods', namespace: 'team-a' };
    const [fromModern, fromLegacy] = await Promise.all([
      modernCall(modern, 'kubernetes_list', args),
      call(legacy, 'kubernetes_list', args),
    ]);
    expect(fromModern.isError).toBe(false);
    expect(fromModern.text).toContain('CrashLoopBackOff');
    expect(podNames(fromModern.text)).toEqual(podNames(fromLegacy.text));
  });

  it('lists the prompts to both', async () => {
    const names = (await modern.listPrompts()).prompts.map((prompt) => prompt.name);
    expect(names).toEqual(['diagnose-pod', 'diagnose-namespace', 'review-rbac']);
    expect((await legacy.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(names);
  });

  it('tells a 2026-07-28 caller that kubernetes_context_use needs a session', async () => {
    const answer = await modernCall(modern, 'kubernetes_context_use', { name: 'team-b' });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('pass "context" on each call instead');
    const named = await modernCall(modern, 'kubernetes_context_get_current', {});
    expect(named.text).toContain('team-a');
  });
});
