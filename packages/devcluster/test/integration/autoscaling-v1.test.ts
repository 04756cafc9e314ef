import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import { apiClient } from '../helpers/api-client.js';

// autoscaling/v1 HorizontalPodAutoscalers are served by converting the stored v2 objects: every way
// of reading one (a watch, a dry-run's answer) shows v1, and nothing a dry run sends is kept.
const V1 = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
const V2 = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';

interface WatchEvent {
  type: string;
  object: { apiVersion: string; metadata: { name: string }; spec: Record<string, unknown> };
}

const v2Hpa = (name: string, cpu: number) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 4,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } },
      },
    ],
  },
});

describe('autoscaling/v1 HorizontalPodAutoscalers', () => {
  let devcluster: DevCluster;
  let api: ReturnType<typeof apiClient>;
  const asAdmin = (method: string, path: string, options: Parameters<ReturnType<typeof apiClient>>[2] = {}) =>
    api(method, path, { token: devcluster.adminToken, ...options });

  beforeAll(async () => {
    devcluster = await startDevCluster();
    api = apiClient(devcluster.url);
  });
  afterAll(async () => {
    await devcluster?.stop();
  });

  it('are watched in v1 form: the objects listed first, then each change', async () => {
    expect((await asAdmin('POST', V2, { body: v2Hpa('watched', 60) })).status).toBe(201);
    const controller = new AbortController();
    const response = await fetch(`${devcluster.url}${V1}?watch=true&resourceVersion=0`, {
      headers: { authorization: `Bearer ${devcluster.adminToken}` },
      signal: controller.signal,
    });
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    const nextEvent = async (): Promise<WatchEvent> => {
      while (!buffered.includes('\n')) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) throw new Error('the watch ended');
        buffered += chunk.value;
      }
      const end = buffered.indexOf('\n');
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      return JSON.parse(line) as WatchEvent;
    };
    try {
      const added = await nextEvent();
      expect(added).toMatchObject({
        type: 'ADDED',
        object: {
          apiVersion: 'autoscaling/v1',
          metadata: { name: 'watched' },
          spec: { targetCPUUtilizationPercentage: 60, maxReplicas: 4 },
        },
      });
      expect(added.object.spec).not.toHaveProperty('metrics');

      const patched = await asAdmin('PATCH', `${V2}/watched`, {
        contentType: 'application/merge-patch+json',
        body: { spec: { maxReplicas: 7 } },
      });
      expect(patched.status).toBe(200);
      let modified = await nextEvent();
      // The autoscaler controller may write the status first; the spec change follows.
      while (modified.object.spec.maxReplicas !== 7) modified = await nextEvent();
      expect(modified).toMatchObject({
        type: 'MODIFIED',
        object: {
          apiVersion: 'autoscaling/v1',
          spec: { targetCPUUtilizationPercentage: 60, maxReplicas: 7 },
        },
      });
    } finally {
      controller.abort();
    }
  });

  it('answer a v1 dry-run create in v1 form, with the defaults, and keep nothing', async () => {
    const answer = await asAdmin('POST', `${V1}?dryRun=All`, {
      body: {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'tried' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          maxReplicas: 3,
          targetCPUUtilizationPercentage: 70,
        },
      },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      spec: { minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 70 },
    });
    expect((await asAdmin('GET', `${V1}/tried`)).status).toBe(404);
    expect((await asAdmin('GET', `${V2}/tried`)).status).toBe(404);
  });

  it('answer a v1 dry-run update in v1 form and leave the stored object as it was', async () => {
    expect((await asAdmin('POST', V2, { body: v2Hpa('kept', 50) })).status).toBe(201);
    const answer = await asAdmin('PATCH', `${V1}/kept?dryRun=All`, {
      contentType: 'application/merge-patch+json',
      body: { spec: { targetCPUUtilizationPercentage: 90 } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      apiVersion: 'autoscaling/v1',
      spec: { targetCPUUtilizationPercentage: 90 },
    });
    const stored = await asAdmin('GET', `${V2}/kept`);
    expect(stored.body).toMatchObject({
      spec: { metrics: [{ resource: { target: { averageUtilization: 50 } } }] },
    });
  });
});
