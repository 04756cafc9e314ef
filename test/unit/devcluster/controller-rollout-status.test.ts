import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningControllers, startControllers } from '../../../src/devcluster/controllers/index.js';
import { DEPLOYMENTS } from '../../../src/devcluster/controllers/objects.js';
import { systemNamespaces } from '../../../src/devcluster/seed/default-seed.js';
import { type DevCluster, startDevCluster } from '../../../src/devcluster/start.js';
import type { KubeObject } from '../../../src/devcluster/types.js';
import { Kubectl, kubectlAvailability } from '../../helpers/kubectl.js';
import { deploymentBody, testNodes } from './controller-fixtures.js';

const availability = await kubectlAvailability();

describe.skipIf(!availability.ok)('kubectl rollout status against the controllers', () => {
  let devcluster: DevCluster;
  let controllers: RunningControllers;
  let kubectl: Kubectl;

  beforeAll(async () => {
    devcluster = await startDevCluster({
      tls: true,
      seed: [...systemNamespaces(new Date()), ...testNodes()],
    });
    controllers = startControllers(devcluster.cluster, { now: () => new Date(), podStartDelayMs: 50 });
    kubectl = new Kubectl(devcluster.kubeconfig);
  });

  afterAll(async () => {
    controllers?.stop();
    await devcluster?.stop();
  });

  it('sees a new deployment, then a restarted one, successfully rolled out', async () => {
    await kubectl.ok(['create', '-n', 'default', '-f', '-'], JSON.stringify(deploymentBody('web', 3)));
    const first = await kubectl.ok(['rollout', 'status', 'deployment/web', '-n', 'default', '--timeout=20s']);
    expect(first).toContain('deployment "web" successfully rolled out');

    const { store } = devcluster.cluster;
    const deployment = store.get(DEPLOYMENTS, 'default', 'web') as KubeObject;
    const spec = structuredClone(deployment.spec) as {
      template: { metadata: { annotations?: Record<string, string> } };
    };
    spec.template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() };
    const generation = (deployment.metadata.generation ?? 1) + 1;
    store.update(DEPLOYMENTS, { ...deployment, metadata: { ...deployment.metadata, generation }, spec });

    const second = await kubectl.ok([
      'rollout',
      'status',
      'deployment/web',
      '-n',
      'default',
      '--timeout=20s',
    ]);
    expect(second).toContain('deployment "web" successfully rolled out');
    const pods = await kubectl.ok(['get', 'pods', '-n', 'default', '--no-headers']);
    expect(pods.trim().split('\n')).toHaveLength(3);
    expect(pods).not.toMatch(/Pending|ContainerCreating/);
  });
});
