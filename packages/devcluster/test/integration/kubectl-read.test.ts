import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterWithUsers, startClusterWithUsers } from '../helpers/cluster-with-users.js';
import { Kubectl, kubectlAvailability } from '../helpers/kubectl.js';

const kubectl = await kubectlAvailability();
const title = kubectl.ok
  ? `real kubectl (${kubectl.reason}) against the simulator`
  : `real kubectl against the simulator (skipped: ${kubectl.reason})`;
if (!kubectl.ok) console.warn(`kubectl tests skipped: ${kubectl.reason}`);

describe.skipIf(!kubectl.ok)(title, () => {
  let env: ClusterWithUsers;
  let admin: Kubectl;

  beforeAll(async () => {
    // kubectl sends bearer tokens only over HTTPS, as against a real cluster.
    env = await startClusterWithUsers({ pods: 1000, tls: true });
    admin = new Kubectl(env.devcluster.kubeconfig);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('lists pods in every namespace as a table with the real columns', async () => {
    const output = await admin.ok(['get', 'pods', '-A']);
    const [header = '', ...rows] = output.trim().split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const crashing = rows.find((row) => row.includes('CrashLoopBackOff'));
    expect(crashing).toMatch(/^team-a\s+api-\S+\s+0\/1\s+CrashLoopBackOff\s+\d+ \(\d+[smh]\S* ago\)\s+\S+$/);
    expect(rows.some((row) => /^team-b\s+worker-\S+\s+0\/1\s+Pending\s+0\s+\S+$/.test(row))).toBe(true);
    expect(rows.some((row) => /^team-a\s+web-\S+\s+1\/1\s+Running\s+0\s+\S+$/.test(row))).toBe(true);
  });

  it('gets deployments of a namespace as JSON', async () => {
    const list = JSON.parse(await admin.ok(['get', 'deploy', '-n', 'team-a', '-o', 'json']));
    expect(list.kind).toBe('List');
    const names = list.items.map((item: { metadata: { name: string } }) => item.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['web', 'api']));
    for (const item of list.items) {
      expect(item.apiVersion).toBe('apps/v1');
      expect(item.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number(item.metadata.resourceVersion)).toBeGreaterThan(0);
    }
  });

  it('watches pods and sees a new one appear', async () => {
    const watch = admin.start(['get', 'pods', '-n', 'team-b', '-w']);
    try {
      await watch.waitFor('NAME');
      await admin.ok(['run', 'watched-pod', '-n', 'team-b', '--image=nginx:1.27', '--restart=Never']);
      await watch.waitFor('watched-pod');
      expect(watch.output()).toMatch(/watched-pod\s+0\/1\s+Pending/);
    } finally {
      watch.child.kill();
    }
  });

  it('lists the API resources with their short names', async () => {
    const output = await admin.ok(['api-resources']);
    expect(output).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(output).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(output).toMatch(/^widgets\s+wg\s+example\.com\/v1\s+true\s+Widget$/m);
    expect(output).toMatch(/^clusterroles\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRole$/m);
  });

  it('explains pod.spec from the served OpenAPI document', async () => {
    const output = await admin.ok(['explain', 'pod.spec']);
    expect(output).toContain('KIND:       Pod');
    expect(output).toMatch(/containers\s+<\[\]Container> -required-/);
    expect(output).toContain('PodSpec is a description of a pod.');
  });

  it('answers auth can-i from RBAC with alice and bob ID tokens', async () => {
    const alice = new Kubectl(env.kubeconfigFor(env.tokens.alice));
    const bob = new Kubectl(env.kubeconfigFor(env.tokens.bob));
    const aliceInB = await alice.run(['auth', 'can-i', 'list', 'pods', '-n', 'team-b']);
    expect(aliceInB.stdout.trim()).toBe('no');
    expect(aliceInB.code).toBe(1);
    expect((await alice.run(['auth', 'can-i', 'list', 'pods', '-n', 'team-a'])).stdout.trim()).toBe('yes');
    const bobInB = await bob.run(['auth', 'can-i', 'list', 'pods', '-n', 'team-b']);
    expect(bobInB.stdout.trim()).toBe('yes');
    expect((await bob.run(['auth', 'can-i', 'delete', 'pods', '-n', 'team-b'])).stdout.trim()).toBe('no');
    expect(await bob.ok(['auth', 'whoami', '-o', 'json'])).toContain('bob@example.com');
  });

  it('lists a custom resource with its CRD printer columns', async () => {
    const output = await admin.ok(['get', 'widgets', '-n', 'team-a']);
    const [header = '', ...rows] = output.trim().split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['NAME', 'SIZE', 'COLOR', 'PHASE', 'AGE']);
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });

  // kubectl throttles itself to 5 requests a second, so 334 pages take about 70 s.
  it('pages over 1,000 pods three at a time, returning each exactly once', { timeout: 150_000 }, async () => {
    const output = await admin.ok(['get', 'pods', '-n', 'load', '--chunk-size=3', '-o', 'name']);
    const names = output.trim().split('\n');
    expect(names).toHaveLength(1000);
    expect(new Set(names).size).toBe(1000);
  });

  it('prints the real 403 message when RBAC forbids', async () => {
    const alice = new Kubectl(env.kubeconfigFor(env.tokens.alice));
    const result = await alice.run(['get', 'pods', '-n', 'team-b']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'Error from server (Forbidden): pods is forbidden: User "alice@example.com" cannot list resource "pods" in API group "" in the namespace "team-b"',
    );
  });
});
