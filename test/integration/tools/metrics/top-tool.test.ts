import type { ClusterWithUsers } from '@mcp-kubernetes/devcluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterAccess } from '../../../../src/k8s/cluster-client.js';
import {
  failed,
  ok,
  startToolCluster,
  startToolClusterWithUsers,
  type ToolCaller,
  type ToolClusterWithUsers,
  toolCaller,
} from '../tool-harness.js';

// kubernetes_top against the simulator's metrics.k8s.io, whose usage follows the seeded workloads:
// team-a's web pods request 50m CPU and 64Mi (limit 128Mi memory), its crash-looping api pods use
// nothing; every node has 4 cores and 8131520Ki allocatable.

interface Amount {
  used: number;
  request?: number;
  limit?: number;
  allocatable?: number;
}
interface Row {
  name: string;
  namespace?: string;
  container?: string;
  cpu: Amount;
  memory: Amount;
}

let cluster: ToolClusterWithUsers;
let users: ClusterWithUsers;
let access: ClusterAccess;
let admin: ToolCaller;
beforeAll(async () => {
  cluster = await startToolClusterWithUsers();
  ({ users, access, admin } = cluster);
});
afterAll(() => cluster?.stop());

function rowsOf(structured: Record<string, unknown> | undefined): Row[] {
  return (structured?.rows ?? []) as Row[];
}

describe('kubernetes_top pods', () => {
  it('lists the pods of a namespace heaviest CPU first, with requests and limits and their share', async () => {
    const answer = await admin('kubernetes_top', { namespace: 'team-a' });
    const text = ok(answer);
    expect(text.split('\n')[0]).toMatch(
      /^NAME\s+CPU\(CORES\)\s+CPU REQUEST\s+CPU LIMIT\s+MEMORY\(BYTES\)\s+MEMORY REQUEST\s+MEMORY LIMIT$/,
    );
    const rows = rowsOf(answer.structured);
    const cpu = rows.map((row) => row.cpu.used);
    expect(cpu).toEqual([...cpu].sort((a, b) => b - a));
    const web = rows.filter((row) => row.name.startsWith('web-'));
    expect(web.length).toBeGreaterThan(1);
    for (const row of web) {
      expect(row.namespace).toBe('team-a');
      expect(row.cpu).toMatchObject({ request: 50 });
      expect(row.cpu.limit).toBeUndefined();
      expect(row.memory).toMatchObject({ request: 64 * 2 ** 20, limit: 128 * 2 ** 20 });
      expect(row.cpu.used).toBeGreaterThan(0);
      const percent = Math.round((row.cpu.used / 50) * 100);
      const line = text.split('\n').find((candidate) => candidate.startsWith(row.name));
      expect(line).toMatch(
        new RegExp(
          `^${row.name}\\s+${row.cpu.used}m\\s+50m \\(${percent}%\\)\\s+-\\s+\\d+Mi\\s+64Mi \\(\\d+%\\)\\s+128Mi \\(\\d+%\\)$`,
        ),
      );
    }
    // The crash-looping api pod runs no container: it comes last, using nothing.
    expect(rows.at(-1)).toMatchObject({ name: expect.stringMatching(/^api-/), cpu: { used: 0 } });
  });

  it('sorts by memory when asked, and filters by label', async () => {
    const rows = rowsOf(
      (await admin('kubernetes_top', { namespace: 'team-a', sortBy: 'memory', labelSelector: 'app=web' }))
        .structured,
    );
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((row) => row.name.startsWith('web-'))).toBe(true);
    const memory = rows.map((row) => row.memory.used);
    expect(memory).toEqual([...memory].sort((a, b) => b - a));
  });

  it('shows every namespace with allNamespaces, and one row per container with containers', async () => {
    const all = await admin('kubernetes_top', { allNamespaces: true });
    expect(ok(all).split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+CPU/);
    const namespaces = new Set(rowsOf(all.structured).map((row) => row.namespace));
    expect([...namespaces]).toEqual(expect.arrayContaining(['kube-system', 'team-a', 'team-b']));
    const perContainer = await admin('kubernetes_top', { namespace: 'kube-system', containers: true });
    expect(ok(perContainer).split('\n')[0]).toMatch(/^POD\s+CONTAINER\s+CPU/);
    const coredns = rowsOf(perContainer.structured).find((row) => row.container === 'coredns');
    expect(coredns?.cpu.request).toBe(100);
    expect(coredns?.memory).toMatchObject({ request: 70 * 2 ** 20, limit: 170 * 2 ** 20 });
  });

  it('keeps to --max-output-bytes, its data holding only the rows the text shows', async () => {
    const answer = await admin(
      'kubernetes_top',
      { allNamespaces: true, containers: true },
      { maxOutputBytes: 1024 },
    );
    const rows = rowsOf(answer.structured);
    const lines = ok(answer).split('\n');
    expect(Buffer.byteLength(answer.text)).toBeLessThanOrEqual(1024);
    expect(rows.length).toBeGreaterThan(0);
    expect(lines.filter((line) => /^(kube-system|team-)/.test(line))).toHaveLength(rows.length);
    expect(answer.structured?.more).toBeGreaterThan(0);
  });
});

describe('kubernetes_top nodes', () => {
  it('shows each node beside its allocatable, with the share in use', async () => {
    const answer = await admin('kubernetes_top', { kind: 'nodes' });
    const text = ok(answer);
    expect(text.split('\n')[0]).toMatch(/^NAME\s+CPU\(CORES\)\s+CPU\(%\)\s+CPU ALLOCATABLE\s+MEMORY/);
    const rows = rowsOf(answer.structured);
    expect(rows.map((row) => row.name).sort()).toEqual(['control-plane', 'worker-1', 'worker-2']);
    for (const row of rows) {
      expect(row.cpu.allocatable).toBe(4000);
      expect(row.memory.allocatable).toBe(8_131_520 * 1024);
      const line = text.split('\n').find((candidate) => candidate.startsWith(row.name));
      expect(line).toContain(`${row.cpu.used}m`);
      expect(line).toMatch(new RegExp(`\\s${Math.round((row.cpu.used / 4000) * 100)}%\\s+4000m\\s`));
    }
  });
});

describe('kubernetes_top refusals', () => {
  it('gives the RBAC message to a user who may not read metrics', async () => {
    const mallory = toolCaller(access, {}, { bearerToken: users.tokens.mallory });
    expect(failed(await mallory('kubernetes_top', { namespace: 'team-a' }))).toMatch(
      /^Forbidden by the cluster's RBAC: .*cannot list resource "pods" in API group "metrics\.k8s\.io"/,
    );
  });

  it('says the metrics API is missing on a cluster without metrics-server', async () => {
    const bare = await startToolCluster({ metricsApi: false });
    try {
      for (const args of [{ namespace: 'team-a' }, { kind: 'nodes' }]) {
        expect(failed(await bare.call('kubernetes_top', args))).toBe(
          'The metrics API (metrics.k8s.io) is not available in this cluster; install metrics-server.',
        );
      }
    } finally {
      await bare.stop();
    }
  });
});
