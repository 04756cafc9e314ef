import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfigInput } from '../../../src/settings/server-config.js';
import { connectToolClient, type ToolAnswer } from '../../helpers/tool-client.js';
import { HARNESS_FLAGS, ok, startToolCluster, type ToolCluster } from './tool-harness.js';

// Destructive calls wait for the user's yes through MCP elicitation (the SDK client answering as
// its user would), as --confirm-destructive says; clients without elicitation are not asked.

let cluster: ToolCluster;
beforeAll(async () => {
  cluster = await startToolCluster();
});
afterAll(() => cluster.stop());

let counter = 0;
async function freshConfigMap(): Promise<string> {
  counter += 1;
  const name = `doomed-${counter}`;
  const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
  ok(await cluster.call('kubernetes_create', { namespace: 'team-a', manifest }));
  return name;
}

async function exists(name: string): Promise<boolean> {
  const answer = await cluster.call('kubernetes_get', {
    resourceType: 'configmaps',
    name,
    namespace: 'team-a',
  });
  return !answer.isError;
}

/** Deletes the config map through a client that answers questions with `answer` (none: no capability). */
async function deleteWith(
  name: string,
  answer?: (request: ElicitRequest) => Promise<ElicitResult>,
  flags: ServerConfigInput = {},
): Promise<ToolAnswer> {
  const connection = await connectToolClient({
    access: cluster.access,
    flags: { ...HARNESS_FLAGS, ...flags },
    ...(answer && { elicitation: answer }),
  });
  try {
    return await connection.call('kubernetes_delete', {
      resourceType: 'configmaps',
      name,
      namespace: 'team-a',
    });
  } finally {
    await connection.close();
  }
}

describe('confirmation of destructive calls', () => {
  it('asks what will happen to which object, and goes on when the user accepts', async () => {
    const name = await freshConfigMap();
    const asked: ElicitRequest[] = [];
    const answer = await deleteWith(name, async (request) => {
      asked.push(request);
      return { action: 'accept', content: { confirm: true } };
    });
    expect(ok(answer)).toContain(name);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.params.message).toBe(`Delete configmaps "${name}" in namespace "team-a". Go ahead?`);
    expect(await exists(name)).toBe(false);
  });

  it.each([
    { reply: { action: 'decline' } as ElicitResult, says: 'The user declined; nothing was changed.' },
    { reply: { action: 'cancel' } as ElicitResult, says: 'The user dismissed the confirmation' },
    { reply: { action: 'accept', content: { confirm: false } } as ElicitResult, says: 'declined' },
  ])('does nothing on $reply.action without a yes', async ({ reply, says }) => {
    const name = await freshConfigMap();
    const answer = await deleteWith(name, async () => reply);
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain(`Not done: Delete configmaps "${name}" in namespace "team-a".`);
    expect(answer.text).toContain(says);
    expect(await exists(name)).toBe(true);
  });

  it('does not ask a client without elicitation (auto), and refuses it with always', async () => {
    const kept = await freshConfigMap();
    const refused = await deleteWith(kept, undefined, { confirmDestructive: 'always' });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('--confirm-destructive=always and this client cannot ask');
    expect(await exists(kept)).toBe(true);
    ok(await deleteWith(kept));
    expect(await exists(kept)).toBe(false);
  });

  it('never asks with --confirm-destructive=never, nor under --dry-run', async () => {
    const asked: ElicitRequest[] = [];
    const refuse = async (request: ElicitRequest): Promise<ElicitResult> => {
      asked.push(request);
      return { action: 'decline' };
    };
    const name = await freshConfigMap();
    ok(await deleteWith(name, refuse, { dryRun: true }));
    expect(await exists(name)).toBe(true);
    ok(await deleteWith(name, refuse, { confirmDestructive: 'never' }));
    expect(await exists(name)).toBe(false);
    expect(asked).toEqual([]);
  });
});
