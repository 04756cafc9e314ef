// `kubectl top` (kubectl 1.35) against the simulator's metrics.k8s.io: the columns and rows a real
// cluster with metrics-server prints, node percentages of allocatable, and RBAC through the view role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../src/start.js';
import type { Kubectl } from '../helpers/kubectl.js';
import {
  crashLooping,
  kubectl,
  podName,
  podsOf,
  startClusterWithViewer,
  until,
  withKubectl,
} from './pod-log-exec-fixture.js';

function rows(output: string): string[][] {
  return output
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
}

describe.skipIf(!kubectl.ok)(withKubectl('kubectl top against the simulated metrics API'), () => {
  let devcluster: DevCluster;
  let admin: Kubectl;
  let viewer: Kubectl;

  beforeAll(async () => {
    ({ devcluster, admin, viewer } = await startClusterWithViewer());
  });
  afterAll(async () => {
    await devcluster?.stop();
  });

  it('prints every running pod of a namespace with its CPU and memory; a crash-looping one uses nothing', async () => {
    const table = rows(await admin.ok(['top', 'pods', '-n', 'team-a']));
    expect(table[0]).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    const webPods = podsOf(devcluster, 'team-a', 'web').map(podName);
    for (const name of webPods) {
      const row = table.find((cells) => cells[0] === name);
      expect(row?.[1]).toMatch(/^[1-9]\d*m$/);
      expect(row?.[2]).toMatch(/^[1-9]\d*Mi$/);
    }
    const crashing = podName(podsOf(devcluster, 'team-a', 'api').find(crashLooping));
    expect(table.find((cells) => cells[0] === crashing)).toEqual([crashing, '0m', '0Mi']);
  });

  it('prints all namespaces with -A, leaving out pods no node runs', async () => {
    const output = await admin.ok(['top', 'pods', '-A']);
    const table = rows(output);
    expect(table[0]).toEqual(['NAMESPACE', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(output).toMatch(/^kube-system\s+coredns-\S+\s+\d+m\s+\d+Mi\s*$/m);
    expect(output).toMatch(/^team-b\s+db-0\s+\d+m\s+\d+Mi\s*$/m);
    const pending = podName(podsOf(devcluster, 'team-b', 'worker')[0]);
    expect(output).not.toContain(pending);
  });

  it('prints one pod per container with --containers', async () => {
    const web = podName(podsOf(devcluster, 'team-a', 'web')[0]);
    const table = rows(await admin.ok(['top', 'pod', web, '-n', 'team-a', '--containers']));
    expect(table[0]).toEqual(['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(table.slice(1)).toEqual([
      [web, 'web', expect.stringMatching(/^\d+m$/), expect.stringMatching(/^\d+Mi$/)],
    ]);
  });

  it('prints nodes with their share of the allocatable CPU and memory', async () => {
    const table = rows(await admin.ok(['top', 'nodes']));
    expect(table[0]).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    expect(table.slice(1).map((cells) => cells[0])).toEqual(['control-plane', 'worker-1', 'worker-2']);
    for (const [, cpu = '', cpuPercent = '', memory = '', memoryPercent = ''] of table.slice(1)) {
      // Four cores and 8131520Ki allocatable on every seeded node.
      expect(cpuPercent).toBe(`${Math.floor((Number.parseInt(cpu, 10) / 4000) * 100)}%`);
      const memoryShare = (Number.parseInt(memory, 10) * 1024) / 8_131_520;
      expect(Number.parseInt(memoryPercent, 10)).toBeGreaterThanOrEqual(Math.floor(memoryShare * 100) - 1);
      expect(Number.parseInt(memoryPercent, 10)).toBeLessThanOrEqual(Math.floor(memoryShare * 100) + 1);
    }
  });

  it('answers a pod no node runs with the NotFound metrics-server gives', async () => {
    const pending = podName(podsOf(devcluster, 'team-b', 'worker')[0]);
    const result = await admin.run(['top', 'pod', pending, '-n', 'team-b']);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      `Error from server (NotFound): podmetrics.metrics.k8s.io "team-b/${pending}" not found`,
    );
  });

  it('lets the view role read metrics in its namespace and nowhere else', async () => {
    expect(await viewer.ok(['top', 'pods', '-n', 'team-a'])).toContain('CPU(cores)');
    const otherTeam = await viewer.run(['top', 'pods', '-n', 'team-b']);
    expect(otherTeam.code).not.toBe(0);
    expect(otherTeam.stderr).toContain(
      'Error from server (Forbidden): pods.metrics.k8s.io is forbidden: User "viewer" cannot list resource "pods" in API group "metrics.k8s.io" in the namespace "team-b"',
    );
    const nodes = await viewer.run(['top', 'nodes']);
    expect(nodes.stderr).toContain(
      'Error from server (Forbidden): nodes.metrics.k8s.io is forbidden: User "viewer" cannot list resource "nodes" in API group "metrics.k8s.io" at the cluster scope',
    );
  });

  it('serves the group in aggregated and legacy discovery', async () => {
    expect(await admin.ok(['api-resources', '--api-group=metrics.k8s.io'])).toMatch(
      /^nodes\s+metrics\.k8s\.io\/v1beta1\s+false\s+NodeMetrics\s*\npods\s+metrics\.k8s\.io\/v1beta1\s+true\s+PodMetrics\s*$/m,
    );
    const list = JSON.parse(await admin.ok(['get', '--raw', '/apis/metrics.k8s.io/v1beta1']));
    expect(
      list.resources.map((entry: { name: string; verbs: string[] }) => [entry.name, entry.verbs]),
    ).toEqual([
      ['nodes', ['get', 'list']],
      ['pods', ['get', 'list']],
    ]);
  });

  // Last: it changes the workload the other tests read.
  it('follows the workload: a scaled-down deployment leaves one pod in top', async () => {
    await admin.ok(['scale', 'deployment', 'web', '-n', 'team-a', '--replicas=1']);
    await until(
      () => podsOf(devcluster, 'team-a', 'web').length === 1,
      () => `web pods: ${podsOf(devcluster, 'team-a', 'web').map(podName).join(', ')}`,
    );
    const output = await admin.ok(['top', 'pods', '-n', 'team-a', '-l', 'app=web']);
    expect(
      rows(output)
        .slice(1)
        .map((cells) => cells[0]),
    ).toEqual(podsOf(devcluster, 'team-a', 'web').map(podName));
  });
});
