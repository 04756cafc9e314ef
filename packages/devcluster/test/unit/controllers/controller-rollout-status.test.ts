import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENTS } from '../../../src/controllers/objects.js';
import { systemNamespaces } from '../../../src/seed/default-seed.js';
import { type DevCluster, startDevCluster } from '../../../src/start.js';
import type { KubeObject } from '../../../src/types.js';
import { Kubectl, kubectlAvailability } from '../../helpers/kubectl.js';
import { deploymentBody, testNodes } from './controller-fixtures.js';

const availability = await kubectlAvailability();

describe.skipIf(!availability.ok)('kubectl rollout status against the controllers', () => {
  let devcluster: DevCluster;
  let kubectl: Kubectl;
  const rolloutStatus = (name: string) =>
    kubectl.ok(['rollout', 'status', `deployment/${name}`, '-n', 'default', '--timeout=20s']);

  // startDevCluster runs the controllers itself: a second set started here would race them.
  beforeAll(async () => {
    devcluster = await startDevCluster({
      tls: true,
      seed: [...systemNamespaces(new Date()), ...testNodes()],
    });
    kubectl = new Kubectl(devcluster.kubeconfig);
  });

  afterAll(async () => {
    await devcluster?.stop();
  });

  it('sees a new deployment, then a restarted one, successfully rolled out', async () => {
    await kubectl.ok(['create', '-n', 'default', '-f', '-'], JSON.stringify(deploymentBody('web', 3)));
    expect(await rolloutStatus('web')).toContain('deployment "web" successfully rolled out');

    const { store } = devcluster.cluster;
    const deployment = store.get(DEPLOYMENTS, 'default', 'web') as KubeObject;
    const spec = structuredClone(deployment.spec) as {
      template: { metadata: { annotations?: Record<string, string> } };
    };
    spec.template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() };
    const generation = (deployment.metadata.generation ?? 1) + 1;
    store.update(DEPLOYMENTS, { ...deployment, metadata: { ...deployment.metadata, generation }, spec });

    expect(await rolloutStatus('web')).toContain('deployment "web" successfully rolled out');
    const pods = await kubectl.ok(['get', 'pods', '-n', 'default', '-l', 'app=web', '--no-headers']);
    expect(pods.trim().split('\n')).toHaveLength(3);
    expect(pods).not.toMatch(/Pending|ContainerCreating/);
  });

  it('finishes kubectl rollout restart, set image and undo, each watched straight away', async () => {
    await kubectl.ok(['create', '-n', 'default', '-f', '-'], JSON.stringify(deploymentBody('shop', 2)));
    await rolloutStatus('shop');
    const steps = [
      ['rollout', 'restart', 'deployment/shop'],
      ['set', 'image', 'deployment/shop', 'shop=nginx:1.28'],
      ['rollout', 'undo', 'deployment/shop'],
    ];
    for (const step of steps) {
      await kubectl.ok([...step, '-n', 'default']);
      expect(await rolloutStatus('shop')).toContain('deployment "shop" successfully rolled out');
    }
    const images = await kubectl.ok([
      'get',
      'pods',
      '-n',
      'default',
      '-l',
      'app=shop',
      '-o',
      'jsonpath={.items[*].spec.containers[0].image}',
    ]);
    // Terminating pods may still be listed; the running ones are back on the image before 1.28.
    expect(images.split(' ')).toContain('nginx:1.27');
    const revision = await kubectl.ok([
      'get',
      'deployment/shop',
      '-n',
      'default',
      '-o',
      'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}',
    ]);
    expect(revision).toBe('4');
  });
});
