import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolAnswer } from '../../helpers/tool-client.js';
import { ok, startToolCluster, type ToolCluster } from './tool-harness.js';

// The data tools answer with structuredContent beside the text. The SDK client of the harness has
// already checked each answer against the tool's outputSchema; here, that the data says what the
// text says (and hides what the text hides).

let cluster: ToolCluster;
beforeAll(async () => {
  cluster = await startToolCluster();
});
afterAll(() => cluster.stop());

function data(answer: ToolAnswer): Record<string, unknown> {
  ok(answer);
  if (!answer.structured) throw new Error(`no structuredContent beside: ${answer.text}`);
  return answer.structured;
}

describe('kubernetes_list as data', () => {
  it('gives table rows keyed by column, and the continue token the text gives', async () => {
    const answer = await cluster.call('kubernetes_list', {
      resourceType: 'pods',
      namespace: 'team-a',
      limit: 2,
    });
    const structured = data(answer);
    const items = structured.items as Record<string, string>[];
    expect(items).toHaveLength(2);
    expect(Object.keys(items[0] ?? {})).toEqual(expect.arrayContaining(['NAME', 'READY', 'STATUS']));
    expect(answer.text).toContain(items[0]?.NAME);
    expect(answer.text).toContain(`continue: "${structured.continue}"`);
    expect(structured.truncated).toBe(false);
  });

  it('gives masked objects for output json', async () => {
    const answer = await cluster.call('kubernetes_list', {
      resourceType: 'secrets',
      namespace: 'team-a',
      output: 'json',
    });
    const serialized = JSON.stringify(data(answer));
    expect(serialized).toContain('api-credentials');
    expect(serialized).not.toContain(Buffer.from('not-a-real-password').toString('base64'));
    expect(serialized).toContain('<redacted: 19 bytes>');
  });

  it('holds only the items a cut page shows, and no continue token', async () => {
    const structured = data(
      await cluster.call(
        'kubernetes_list',
        { resourceType: 'pods', allNamespaces: true, output: 'yaml', limit: 20 },
        { maxOutputBytes: 4096 },
      ),
    );
    expect(structured.truncated).toBe(true);
    expect((structured.items as unknown[]).length).toBeLessThan(20);
    expect(structured.continue).toBeUndefined();
  });

  it('gives the summary text for summary: true', async () => {
    const structured = data(
      await cluster.call('kubernetes_list', { resourceType: 'pods', namespace: 'team-a', summary: true }),
    );
    expect(structured.items).toEqual([]);
    expect(structured.summary).toMatch(/^total: \d+/);
  });
});

describe('kubernetes_get as data', () => {
  it('gives the slimmed object, secret values masked', async () => {
    const structured = data(
      await cluster.call('kubernetes_get', {
        resourceType: 'secrets',
        name: 'api-credentials',
        namespace: 'team-a',
      }),
    );
    const object = structured.object as { metadata: Record<string, unknown>; data: Record<string, string> };
    expect(object.metadata.name).toBe('api-credentials');
    expect(object.metadata.managedFields).toBeUndefined();
    expect(object.data.password).toBe('<redacted: 19 bytes>');
  });

  it('leaves the object out when the text had to be cut', async () => {
    const structured = data(
      await cluster.call(
        'kubernetes_get',
        { resourceType: 'deploy', name: 'web', namespace: 'team-a', output: 'full' },
        { maxOutputBytes: 1024 },
      ),
    );
    expect(structured).toEqual({ truncated: true });
  });
});

describe('the cluster tools as data', () => {
  it('kubernetes_can_i says allowed or not', async () => {
    const args = { verb: 'delete', resourceType: 'deployments', namespace: 'team-a' };
    expect(data(await cluster.call('kubernetes_can_i', args)).allowed).toBe(true);
  });

  it('kubernetes_cluster_health gives the verdict, version and failing pods', async () => {
    const structured = data(await cluster.call('kubernetes_cluster_health'));
    expect(structured.healthy).toBe(false);
    expect(structured.version).toMatch(/^v1\.36/);
    const pods = structured.pods as { failing: number; problems: { name: string; status: string }[] };
    expect(pods.failing).toBeGreaterThan(0);
    expect(pods.problems.map((problem) => problem.status)).toContain('CrashLoopBackOff');
    expect((structured.nodes as { total: number }).total).toBeGreaterThan(0);
  });
});

describe('the context tools as data', () => {
  it('list the contexts, the current one marked, and show the current one', async () => {
    const listed = data(await cluster.call('kubernetes_context_list')).contexts as {
      name: string;
      current: boolean;
      server: string;
    }[];
    const current = listed.find((entry) => entry.current);
    expect(current?.server).toBe(cluster.devcluster.url);
    expect(data(await cluster.call('kubernetes_context_get_current')).name).toBe(current?.name);
  });
});
