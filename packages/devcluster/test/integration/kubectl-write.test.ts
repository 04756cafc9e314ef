import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import { apiClient } from '../helpers/api-client.js';
import { Kubectl, kubectlAvailability } from '../helpers/kubectl.js';

const kubectl = await kubectlAvailability();
const title = kubectl.ok
  ? `real kubectl (${kubectl.reason}) writing to the simulator`
  : `real kubectl writing to the simulator (skipped: ${kubectl.reason})`;

function manifest(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'manifest-')), `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

const deploymentYaml = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  namespace: default
  labels: { app: shop }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: shop } }
  template:
    metadata: { labels: { app: shop } }
    spec:
      containers:
        - name: web
          image: ${image}
          env: [{ name: MODE, value: fast }, { name: LEVEL, value: "1" }]
        - name: sidecar
          image: busybox:1.36
          args: ["sleep", "3600"]
`;

describe.skipIf(!kubectl.ok)(title, () => {
  let devcluster: DevCluster;
  let admin: Kubectl;

  beforeAll(async () => {
    devcluster = await startDevCluster({ tls: true });
    admin = new Kubectl(devcluster.kubeconfig);
  });
  afterAll(async () => {
    await devcluster?.stop();
  });

  const getJson = async (args: string[]) => JSON.parse(await admin.ok([...args, '-o', 'json']));

  it('applies a manifest twice: created, then unchanged', async () => {
    const path = manifest('shop', deploymentYaml(2, 'nginx:1.27'));
    expect(await admin.ok(['apply', '-f', path])).toContain('deployment.apps/shop created');
    expect(await admin.ok(['apply', '-f', path])).toContain('deployment.apps/shop unchanged');
  });

  it('patches with strategic merge, keeping the other containers and env entries', async () => {
    await admin.ok([
      'patch',
      'deploy',
      'shop',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"MODE","value":"safe"}]}]}}}}',
    ]);
    const deployment = await getJson(['get', 'deploy', 'shop']);
    const [web, sidecar] = deployment.spec.template.spec.containers;
    expect(web.env).toEqual([
      { name: 'MODE', value: 'safe' },
      { name: 'LEVEL', value: '1' },
    ]);
    expect(sidecar).toMatchObject({ name: 'sidecar', args: ['sleep', '3600'] });
  });

  it('patches with a merge patch and a JSON patch', async () => {
    await admin.ok([
      'patch',
      'deploy',
      'shop',
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"tier":"front"}}}',
    ]);
    await admin.ok([
      'patch',
      'deploy',
      'shop',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/template/spec/containers/1/image","value":"busybox:1.37"}]',
    ]);
    const deployment = await getJson(['get', 'deploy', 'shop']);
    expect(deployment.metadata.labels).toEqual({ app: 'shop', tier: 'front' });
    expect(deployment.spec.template.spec.containers[1].image).toBe('busybox:1.37');
  });

  it('refuses a JSON patch whose test fails, and a strategic patch of a custom resource', async () => {
    const failedTest = await admin.run([
      'patch',
      'deploy',
      'shop',
      '--type=json',
      '-p',
      '[{"op":"test","path":"/spec/replicas","value":99}]',
    ]);
    expect(failedTest.code).not.toBe(0);
    expect(failedTest.stderr).toContain('the server rejected our request due to an error in our request');
    const strategic = await admin.run([
      'patch',
      'widget',
      'gizmo',
      '-n',
      'team-a',
      '--type=strategic',
      '-p',
      '{"spec":{"size":2}}',
    ]);
    expect(strategic.code).not.toBe(0);
    expect(strategic.stderr).toMatch(/UnsupportedMediaType|unknown format/);
  });

  it('scales, and the controller follows with running pods', async () => {
    await admin.ok(['scale', 'deploy', 'shop', '--replicas=3']);
    await admin.ok(['rollout', 'status', 'deploy/shop', '--timeout=30s']);
    const pods = await getJson(['get', 'pods', '-l', 'app=shop']);
    expect(pods.items).toHaveLength(3);
    for (const pod of pods.items) expect(pod.status.phase).toBe('Running');
  });

  it('restarts a rollout, waits for it, and undoes it', async () => {
    const before = await getJson(['get', 'rs', '-l', 'app=shop']);
    await admin.ok(['rollout', 'restart', 'deploy/shop']);
    expect(await admin.ok(['rollout', 'status', 'deploy/shop', '--timeout=30s'])).toContain(
      'successfully rolled out',
    );
    const after = await getJson(['get', 'rs', '-l', 'app=shop']);
    expect(after.items.length).toBe(before.items.length + 1);
    const restarted = await getJson(['get', 'deploy', 'shop']);
    expect(restarted.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
    await admin.ok(['rollout', 'undo', 'deploy/shop']);
    await admin.ok(['rollout', 'status', 'deploy/shop', '--timeout=30s']);
    const undone = await getJson(['get', 'deploy', 'shop']);
    expect(undone.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeUndefined();
    expect(await admin.ok(['rollout', 'history', 'deploy/shop'])).toMatch(/REVISION/);
  });

  it('server-side apply: a second manager conflicts, and --force-conflicts takes over', async () => {
    const config = (replicas: number) => `apiVersion: v1
kind: ConfigMap
metadata: { name: owned, namespace: default }
data: { replicas: "${replicas}" }
`;
    await admin.ok(['apply', '--server-side', '--field-manager=team-one', '-f', manifest('one', config(1))]);
    const conflict = await admin.run([
      'apply',
      '--server-side',
      '--field-manager=team-two',
      '-f',
      manifest('two', config(2)),
    ]);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('conflict with "team-one"');
    expect(conflict.stderr).toContain('.data.replicas');
    await admin.ok([
      'apply',
      '--server-side',
      '--field-manager=team-two',
      '--force-conflicts',
      '-f',
      manifest('two', config(2)),
    ]);
    const configMap = await getJson(['get', 'cm', 'owned', '--show-managed-fields']);
    expect(configMap.data.replicas).toBe('2');
    const managers = configMap.metadata.managedFields.map((entry: { manager: string }) => entry.manager);
    expect(managers).toContain('team-two');
  });

  it('stores nothing for --dry-run=server', async () => {
    const phantom = manifest(
      'phantom',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: phantom, namespace: default }\n',
    );
    expect(await admin.ok(['create', '-f', phantom, '--dry-run=server'])).toContain(
      'configmap/phantom created (server dry run)',
    );
    expect(await admin.ok(['apply', '-f', phantom, '--dry-run=server'])).toContain('(server dry run)');
    const lookup = await admin.run(['get', 'configmap', 'phantom']);
    expect(lookup.code).not.toBe(0);
    expect(lookup.stderr).toContain('NotFound');
    await admin.ok(['delete', 'deploy', 'shop', '--dry-run=server']);
    expect((await getJson(['get', 'deploy', 'shop'])).metadata.name).toBe('shop');
  });

  it('cascades a deletion from the deployment to its replica sets and pods', async () => {
    await admin.ok(['delete', 'deploy', 'shop', '--wait=true', '--timeout=30s']);
    await expect
      .poll(async () => (await getJson(['get', 'rs,pods', '-l', 'app=shop'])).items.length, {
        timeout: 10_000,
      })
      .toBe(0);
  });

  it('gives a new namespace its default ServiceAccount and the cluster CA, as the controller manager does', async () => {
    expect(await admin.ok(['create', 'namespace', 'fresh'])).toContain('namespace/fresh created');
    await expect
      .poll(async () => (await admin.run(['get', 'serviceaccount', 'default', '-n', 'fresh'])).code, {
        timeout: 10_000,
      })
      .toBe(0);
    const rootCa = await admin.ok([
      'get',
      'configmap',
      'kube-root-ca.crt',
      '-n',
      'fresh',
      '-o',
      'jsonpath={.data.ca\\.crt}',
    ]);
    expect(rootCa.trim()).toBe(devcluster.caCert?.trim());
    await admin.ok(['delete', 'namespace', 'fresh']);
  });

  it('answers bad writes with the real status codes', async () => {
    const api = apiClient(devcluster.url, devcluster.caCert);
    const token = devcluster.adminToken;
    const invalidPatch = await api('PATCH', '/api/v1/namespaces/team-a/configmaps/web-config', {
      token,
      rawBody: '{"data": ',
      contentType: 'application/merge-patch+json',
    });
    expect(invalidPatch.status).toBe(400);
    expect(invalidPatch.body.reason).toBe('BadRequest');
    const noManager = await api('PATCH', '/api/v1/namespaces/team-a/configmaps/web-config', {
      token,
      rawBody: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\n',
      contentType: 'application/apply-patch+yaml',
    });
    expect(noManager.status).toBe(422);
    expect(noManager.body.message).toContain('fieldManager: Required value');
  });
});
