import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failed, ok, startToolCluster, type ToolCluster } from '../tool-harness.js';

let cluster: ToolCluster;
beforeAll(async () => {
  cluster = await startToolCluster();
});
afterAll(() => cluster.stop());

async function podOf(app: string, status = 'Running'): Promise<string> {
  const text = ok(
    await cluster.call('kubernetes_list', {
      resourceType: 'pods',
      namespace: 'team-a',
      labelSelector: `app=${app}`,
    }),
  );
  const line = text.split('\n').find((row) => row.includes(status));
  return line?.split(/\s+/)[0] ?? '';
}

describe('kubernetes_logs', () => {
  it('reads the logs of every pod of a deployment, each line prefixed with its pod', async () => {
    const text = ok(
      await cluster.call('kubernetes_logs', {
        resourceType: 'deploy',
        name: 'web',
        namespace: 'team-a',
        tailLines: 2,
      }),
    );
    const pods = new Set(text.split('\n').map((line) => /^\[pod\/(\S+)\/web\] /.exec(line)?.[1]));
    expect(pods.size).toBe(3);
    expect(pods.has(undefined)).toBe(false);
    expect(text.split('\n')).toHaveLength(6);
  });

  it('reads the previous run of a crash-looping container and filters it with grep', async () => {
    const crashing = await podOf('api', 'CrashLoopBackOff');
    const text = ok(
      await cluster.call('kubernetes_logs', {
        name: crashing,
        namespace: 'team-a',
        previous: true,
        grep: '/level=(error|fatal)/',
      }),
    );
    expect(text).toContain('cannot start without a database');
    expect(text.split('\n').every((line) => /level=(error|fatal)/.test(line))).toBe(true);
  });

  it('says when grep matches nothing', async () => {
    const text = ok(
      await cluster.call('kubernetes_logs', {
        name: await podOf('web'),
        namespace: 'team-a',
        grep: 'no-such-text',
      }),
    );
    expect(text).toBe('(no lines match grep "no-such-text")');
  });

  it('keeps the newest lines within the byte cap and says so', async () => {
    const text = ok(
      await cluster.call('kubernetes_logs', {
        name: await podOf('web'),
        namespace: 'team-a',
        tailLines: 1000,
        maxBytes: 400,
      }),
    );
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(400);
    expect(text).toMatch(/^\[output truncated: showing the last \d+ of \d+ lines/);
  });

  it('names the missing pod', async () => {
    expect(failed(await cluster.call('kubernetes_logs', { name: 'ghost', namespace: 'team-a' }))).toContain(
      'Pod "ghost" not found in namespace "team-a"',
    );
  });

  it("points from a pod name that is a workload's to that workload", async () => {
    expect(failed(await cluster.call('kubernetes_logs', { name: 'web', namespace: 'team-a' }))).toBe(
      'There is no pod "web" in namespace "team-a", but there is a Deployment of that name: call again ' +
        'with resourceType: "deployments" to read the logs of its pods.',
    );
  });
});

describe('kubernetes_exec', () => {
  it('runs a command and returns its output and exit code', async () => {
    const text = ok(
      await cluster.call('kubernetes_exec', {
        name: 'db-0',
        namespace: 'team-b',
        command: ['echo', 'hello'],
      }),
    );
    expect(text).toBe('exit code: 0\nstdout:\nhello\nstderr: (empty)');
  });

  it('reports a non-zero exit code and stderr', async () => {
    const text = ok(
      await cluster.call('kubernetes_exec', {
        name: 'db-0',
        namespace: 'team-b',
        command: ['sh', '-c', 'echo oops >&2; exit 3'],
      }),
    );
    expect(text).toBe('exit code: 3\nstdout: (empty)\nstderr:\noops');
  });

  it('names the missing pod', async () => {
    expect(
      failed(
        await cluster.call('kubernetes_exec', { name: 'ghost', namespace: 'team-b', command: ['true'] }),
      ),
    ).toContain('Pod "ghost" not found in namespace "team-b"');
  });
});
