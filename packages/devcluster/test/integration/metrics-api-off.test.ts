// A cluster without metrics-server (`metricsApi: false`): metrics.k8s.io is absent from discovery, its
// paths answer 404, and kubectl 1.35 says what it says on such a cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import { apiClient } from '../helpers/api-client.js';
import { Kubectl } from '../helpers/kubectl.js';
import { kubectl, withKubectl } from './pod-log-exec-fixture.js';

let devcluster: DevCluster;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  devcluster = await startDevCluster({ metricsApi: false, tls: true });
  api = apiClient(devcluster.url, devcluster.caCert);
});
afterAll(async () => {
  await devcluster?.stop();
});

describe('a cluster started with metricsApi: false', () => {
  it('lists no metrics.k8s.io group and answers its paths with 404', async () => {
    const groups = await api('GET', '/apis', { token: devcluster.adminToken });
    const names = (groups.body.groups as { name: string }[]).map((group) => group.name);
    expect(names).toContain('apps');
    expect(names).not.toContain('metrics.k8s.io');
    const pods = await api('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/team-a/pods', {
      token: devcluster.adminToken,
    });
    expect(pods.status).toBe(404);
    const roles = await api('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      token: devcluster.adminToken,
    });
    const roleNames = (roles.body.items as { metadata: { name: string } }[]).map(
      (role) => role.metadata.name,
    );
    expect(roleNames).toContain('view');
    expect(roleNames).not.toContain('system:aggregated-metrics-reader');
  });

  it.skipIf(!kubectl.ok)(withKubectl('makes kubectl top say the metrics API is not available'), async () => {
    const result = await new Kubectl(devcluster.kubeconfig).run(['top', 'pods', '-n', 'team-a']);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe('error: Metrics API not available');
  });
});
