import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../helpers/tool-client.js';
import {
  type Answerer,
  type ConfirmationCluster,
  type Connector,
  httpConnector,
  startConfirmationCluster,
  stdioConnector,
} from './confirmation-fixtures.js';

// Confirmation of destructive calls (MCP elicitation) through the SDK's client over the transports
// people run: the question reaches the user, and only their yes lets the call go on. Over HTTP
// with event streams the question travels on the call's own stream (the client here opens no GET
// stream); with plain JSON answers only the session's GET stream can carry it.

/** Answers every question with `reply`, keeping the questions asked. */
function answering(reply: ElicitResult): Answerer & { asked: ElicitRequest[] } {
  const asked: ElicitRequest[] = [];
  const answer = async (request: ElicitRequest) => {
    asked.push(request);
    return reply;
  };
  return Object.assign(answer, { asked });
}

const YES: ElicitResult = { action: 'accept', content: { confirm: true } };

interface TransportCase {
  transport: string;
  connector(cluster: ConfirmationCluster): Connector;
  /** Whether progress notifications reach the client (not on plain JSON answers). */
  progress: boolean;
}

describe.each<TransportCase>([
  { transport: 'serve over stdio', connector: stdioConnector, progress: true },
  {
    transport: 'streamable HTTP with event streams (no GET stream)',
    connector: (cluster) => httpConnector(cluster, { getStream: false }),
    progress: true,
  },
  {
    transport: 'the deprecated HTTP+SSE transport',
    connector: (cluster) => httpConnector(cluster, { sse: true, getStream: false }),
    progress: true,
  },
  {
    transport: 'streamable HTTP with plain JSON (--disable-streaming) and a GET stream',
    connector: (cluster) => httpConnector(cluster, { disableStreaming: true, getStream: true }),
    progress: false,
  },
])('confirmation over $transport', ({ connector, progress }) => {
  let cluster: ConfirmationCluster;
  let connect: Connector;
  beforeAll(async () => {
    cluster = await startConfirmationCluster();
    connect = connector(cluster);
  });
  afterAll(() => cluster.stop());

  async function deleteWith(mode: 'auto' | 'always' | 'never', name: string, answer?: Answerer) {
    const client = await connect(mode, answer);
    try {
      return await client.call('kubernetes_delete', {
        resourceType: 'configmaps',
        name,
        namespace: 'team-a',
      });
    } finally {
      await client.close();
    }
  }

  it('asks what will happen to which object, and deletes it when the user accepts', async () => {
    const name = await cluster.freshConfigMap();
    const answer = answering(YES);
    const result = await deleteWith('auto', name, answer);
    expect(result.isError, result.text).toBe(false);
    expect(answer.asked.map((request) => request.params.message)).toEqual([
      `Delete configmaps "${name}" in namespace "team-a". Go ahead?`,
    ]);
    expect(answer.asked[0]?.params).toMatchObject({
      mode: 'form',
      requestedSchema: { required: ['confirm'] },
    });
    expect(await cluster.configMapExists(name)).toBe(false);
  });

  it.each([
    { reply: { action: 'decline' } as ElicitResult, says: 'The user declined; nothing was changed.' },
    {
      reply: { action: 'cancel' } as ElicitResult,
      says: 'The user dismissed the confirmation; nothing was changed.',
    },
  ])('deletes nothing on $reply.action, and says so', async ({ reply, says }) => {
    const name = await cluster.freshConfigMap();
    const result = await deleteWith('auto', name, answering(reply));
    expect(result).toEqual({
      isError: true,
      text: `Not done: Delete configmaps "${name}" in namespace "team-a". ${says}`,
    });
    expect(await cluster.configMapExists(name)).toBe(true);
  });

  it('does not ask a client without elicitation under auto, and refuses it under always', async () => {
    const name = await cluster.freshConfigMap();
    const refused = await deleteWith('always', name);
    expect(refused.isError).toBe(true);
    expect(refused.text).toBe(
      `Not done: Delete configmaps "${name}" in namespace "team-a". The server runs with ` +
        '--confirm-destructive=always and this client cannot ask the user to confirm (it does not support MCP ' +
        'elicitation).',
    );
    expect(await cluster.configMapExists(name)).toBe(true);
    expect((await deleteWith('auto', name)).isError).toBe(false);
    expect(await cluster.configMapExists(name)).toBe(false);
  });

  it('asks nothing under never', async () => {
    const name = await cluster.freshConfigMap();
    const answer = answering({ action: 'decline' });
    expect((await deleteWith('never', name, answer)).isError).toBe(false);
    expect(answer.asked).toEqual([]);
    expect(await cluster.configMapExists(name)).toBe(false);
  });

  it('drains a node only after a yes, with progress', async () => {
    const drain = { action: 'drain', name: 'worker-2', force: true, timeoutSeconds: 5 };
    const declining = await connect('auto', answering({ action: 'decline' }));
    const declined = await declining.call('kubernetes_node', drain);
    await declining.close();
    expect(declined.text).toContain('Not done: Drain node "worker-2": cordon it and evict its pods');
    expect(await cluster.unschedulable('worker-2')).toBe(false);

    const answer = answering(YES);
    const accepting = await connect('auto', answer);
    const updates: Progress[] = [];
    const drained = await accepting.call('kubernetes_node', drain, updates);
    await accepting.close();
    expect(answer.asked).toHaveLength(1);
    expect(drained.text).toContain('node/worker-2 cordoned');
    expect(await cluster.unschedulable('worker-2')).toBe(true);
    if (progress) {
      expect(updates.length).toBeGreaterThan(0);
      expect(updates[0]?.message).toMatch(/^evicted /);
    } else expect(updates).toEqual([]);
    await cluster.uncordon('worker-2');
  });

  it('runs a command in a container only after a yes', async () => {
    const exec = { name: 'db-0', namespace: 'team-b', command: ['echo', 'confirmed-run'] };
    const declining = await connect('auto', answering({ action: 'decline' }));
    const declined = await declining.call('kubernetes_exec', exec);
    await declining.close();
    expect(declined).toEqual({
      isError: true,
      text:
        'Not done: Run "echo confirmed-run" in pod "db-0" in namespace "team-b". The user declined; nothing ' +
        'was changed.',
    });
    const accepting = await connect('auto', answering(YES));
    const ran = await accepting.call('kubernetes_exec', exec);
    await accepting.close();
    expect(ran.text).toContain('confirmed-run');
  });
});

describe('confirmation where the server cannot ask', () => {
  let cluster: ConfirmationCluster;
  beforeAll(async () => {
    cluster = await startConfirmationCluster();
  });
  afterAll(() => cluster.stop());

  async function deleteOver(connect: Connector, mode: 'auto' | 'always', answer?: Answerer) {
    const name = await cluster.freshConfigMap();
    const client = await connect(mode, answer);
    try {
      const result = await client.call('kubernetes_delete', {
        resourceType: 'configmaps',
        name,
        namespace: 'team-a',
      });
      return { ...result, name, kept: await cluster.configMapExists(name) };
    } finally {
      await client.close();
    }
  }

  it('refuses a client that takes questions but keeps no GET stream, with plain JSON answers', async () => {
    const connect = httpConnector(cluster, { disableStreaming: true, getStream: false });
    const answer = answering(YES);
    const refused = await deleteOver(connect, 'auto', answer);
    expect(refused.text).toBe(
      `Not done: Delete configmaps "${refused.name}" in namespace "team-a". This client answers confirmations ` +
        "(MCP elicitation), but under --disable-streaming a question can only travel on the session's GET " +
        'event stream, and this client has none open.',
    );
    expect(refused.kept).toBe(true);
    expect(answer.asked).toEqual([]);
    // A client that takes no questions is not asked, as on every transport.
    expect((await deleteOver(connect, 'auto')).kept).toBe(false);
  });

  it('goes ahead without asking under auto with --stateless, and refuses under always, saying why', async () => {
    const connect = httpConnector(cluster, { stateless: true, getStream: false });
    const answer = answering({ action: 'decline' });
    const done = await deleteOver(connect, 'auto', answer);
    expect(done.isError, done.text).toBe(false);
    expect(done.kept).toBe(false);
    const refused = await deleteOver(connect, 'always', answer);
    expect(refused.text).toBe(
      `Not done: Delete configmaps "${refused.name}" in namespace "team-a". The server runs with ` +
        '--confirm-destructive=always and under --stateless no question can reach the user (MCP elicitation ' +
        'needs a session).',
    );
    expect(refused.kept).toBe(true);
    expect(answer.asked).toEqual([]);
  });
});
