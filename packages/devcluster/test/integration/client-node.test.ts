import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../../src/start.js';

function clientsFor(devcluster: DevCluster) {
  const config = new k8s.KubeConfig();
  config.loadFromString(devcluster.kubeconfig);
  return { config, core: config.makeApiClient(k8s.CoreV1Api), apps: config.makeApiClient(k8s.AppsV1Api) };
}

function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error('condition not met in time'));
      }
    }, 20);
  });
}

describe.each([
  { transport: 'HTTP', tls: false },
  { transport: 'TLS with the generated CA', tls: true },
])('@kubernetes/client-node over $transport', ({ tls }) => {
  let devcluster: DevCluster;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    devcluster = await startDevCluster({ tls });
    clients = clientsFor(devcluster);
  });
  afterAll(async () => {
    await devcluster?.stop();
  });

  it('serves the scheme the kubeconfig names and trusts only the generated CA', async () => {
    expect(devcluster.url.startsWith(tls ? 'https://' : 'http://')).toBe(true);
    if (tls) {
      await expect(fetch(`${devcluster.url}/version`)).rejects.toThrow();
      expect(devcluster.caCert).toContain('BEGIN CERTIFICATE');
    }
  });

  it('lists and gets pods', async () => {
    const pods = await clients.core.listNamespacedPod({ namespace: 'team-a' });
    expect(pods.items.length).toBeGreaterThan(3);
    const first = pods.items[0];
    const name = first?.metadata?.name ?? '';
    const pod = await clients.core.readNamespacedPod({ name, namespace: 'team-a' });
    expect(pod.metadata?.uid).toBe(first?.metadata?.uid);
    expect(pod.spec?.containers.length).toBeGreaterThan(0);
  });

  it('creates a config map, refuses a stale update with 409, and deletes it', async () => {
    const created = await clients.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'settings' }, data: { mode: 'fast' } },
    });
    expect(created.metadata?.generation).toBeUndefined();
    const fresh = await clients.core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
      body: { ...created, data: { mode: 'safe' } },
    });
    expect(Number(fresh.metadata?.resourceVersion)).toBeGreaterThan(
      Number(created.metadata?.resourceVersion),
    );
    const stale = clients.core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
      body: { ...created, data: { mode: 'stale' } },
    });
    await expect(stale).rejects.toMatchObject({ code: 409 });
    await clients.core.deleteNamespacedConfigMap({ name: 'settings', namespace: 'default' });
    await expect(
      clients.core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' }),
    ).rejects.toMatchObject({
      code: 404,
    });
  });

  it('streams watch events for changes', async () => {
    const watch = new k8s.Watch(clients.config);
    const seen: string[] = [];
    const list = await clients.core.listNamespacedConfigMap({ namespace: 'default' });
    const request = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: list.metadata?.resourceVersion },
      (type, object: k8s.V1ConfigMap) => seen.push(`${type} ${object.metadata?.name}`),
      () => {},
    );
    try {
      await clients.core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'watched' } },
      });
      await clients.core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' });
      await waitUntil(() => seen.length >= 2);
      expect(seen).toEqual(['ADDED watched', 'DELETED watched']);
    } finally {
      request.abort();
    }
  });

  it('keeps an informer in step with an add and a delete', async () => {
    const informer = k8s.makeInformer(clients.config, '/apis/apps/v1/namespaces/team-b/deployments', () =>
      clients.apps.listNamespacedDeployment({ namespace: 'team-b' }),
    );
    const added: string[] = [];
    const deleted: string[] = [];
    informer.on('add', (deployment) => added.push(deployment.metadata?.name ?? ''));
    informer.on('delete', (deployment) => deleted.push(deployment.metadata?.name ?? ''));
    await informer.start();
    try {
      await waitUntil(() => added.includes('worker'));
      await clients.apps.createNamespacedDeployment({
        namespace: 'team-b',
        body: {
          metadata: { name: 'informed' },
          spec: {
            selector: { matchLabels: { app: 'informed' } },
            template: {
              metadata: { labels: { app: 'informed' } },
              spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
            },
          },
        },
      });
      await waitUntil(() => added.includes('informed'));
      await clients.apps.deleteNamespacedDeployment({ name: 'informed', namespace: 'team-b' });
      await waitUntil(() => deleted.includes('informed'));
      expect(informer.list().map((deployment) => deployment.metadata?.name)).not.toContain('informed');
    } finally {
      await informer.stop();
    }
  });
});

describe('kubeconfig written by the simulator', () => {
  it('loads in client-node from a file and points at the running server', async () => {
    const devcluster = await startDevCluster({ tls: true, seed: 'empty' });
    try {
      const path = join(mkdtempSync(join(tmpdir(), 'kc-')), 'config');
      writeFileSync(path, devcluster.kubeconfig);
      const config = new k8s.KubeConfig();
      config.loadFromFile(path);
      expect(config.getCurrentCluster()?.server).toBe(devcluster.url);
      const namespaces = await config.makeApiClient(k8s.CoreV1Api).listNamespace();
      expect(namespaces.items.map((ns) => ns.metadata?.name)).toContain('kube-system');
    } finally {
      await devcluster.stop();
    }
  });
});
