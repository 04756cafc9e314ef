import { describe, expect, it, vi } from 'vitest';
import { AUTOSCALERS, DEPLOYMENTS, EVENTS, PODS } from '../../../src/controllers/objects.js';
import type { KubeObject } from '../../../src/types.js';
import { deploymentBody, type TestCluster, testClusterStarter } from './controller-fixtures.js';

const start = testClusterStarter();

function deployment(replicas: number, requests?: Record<string, string>): Record<string, unknown> {
  const body = deploymentBody('web', replicas) as { spec: { template: { spec: { containers: object[] } } } };
  const [container] = body.spec.template.spec.containers;
  if (requests) body.spec.template.spec.containers = [{ ...container, resources: { requests } }];
  return body;
}

function autoscaler(utilization: number, minReplicas: number, maxReplicas: number): Record<string, unknown> {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas,
      maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } },
        },
      ],
    },
  };
}

interface Status {
  currentReplicas?: number;
  desiredReplicas?: number;
  currentMetrics?: { type: string; resource?: { name: string; current: { averageUtilization?: number } } }[];
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

const statusOf = (test: TestCluster): Status => (test.get(AUTOSCALERS, 'web').status ?? {}) as Status;
const conditionOf = (test: TestCluster, type: string) =>
  statusOf(test).conditions?.find((c) => c.type === type);
const replicas = (test: TestCluster) => (test.get(DEPLOYMENTS, 'web').spec as { replicas: number }).replicas;
const eventsOf = (test: TestCluster, reason: string) =>
  test
    .list(EVENTS)
    .filter((event: KubeObject) => event.reason === reason)
    .map((event) => event.message);

/** A deployment whose pods run, then its HPA: the controller syncs an HPA as soon as it is made. */
async function withAutoscaler(
  test: TestCluster,
  body: Record<string, unknown>,
  hpa: Record<string, unknown>,
) {
  test.create('apps', 'deployments', body);
  await test.controllers.idle();
  test.create('autoscaling', 'horizontalpodautoscalers', hpa);
  await synced(test);
}

/** The HPA comes back every 15 s, so the queue is never idle again: wait for its first status. */
async function synced(test: TestCluster): Promise<void> {
  await vi.waitFor(() => expect(statusOf(test).conditions).toBeDefined(), { timeout: 10_000 });
}

describe('the horizontal pod autoscaler', () => {
  it('scales a target whose pods use more than the target, up to maxReplicas, and says so', async () => {
    const test = start();
    await withAutoscaler(test, deployment(2, { cpu: '10m' }), autoscaler(10, 1, 3));
    const [metric] = statusOf(test).currentMetrics ?? [];
    // The simulated pods use a fifth to four fifths of their request.
    expect(metric?.resource?.current.averageUtilization).toBeGreaterThanOrEqual(15);
    expect(replicas(test)).toBe(3);
    expect(statusOf(test)).toMatchObject({ currentReplicas: 2, desiredReplicas: 3 });
    expect(conditionOf(test, 'AbleToScale')).toMatchObject({
      status: 'True',
      reason: 'SucceededRescale',
      message: 'the HPA controller was able to update the target scale to 3',
    });
    expect(conditionOf(test, 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
    expect(conditionOf(test, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas' });
    expect(eventsOf(test, 'SuccessfulRescale')).toEqual([
      'New size: 3; reason: cpu resource utilization (percentage of request) above target',
    ]);
  });

  it('cannot compute a utilization for pods that request no CPU, and leaves the replicas alone', async () => {
    const test = start();
    await withAutoscaler(test, deployment(2), autoscaler(50, 1, 5));
    expect(replicas(test)).toBe(2);
    expect(statusOf(test).currentMetrics).toEqual([{ type: '' }]);
    expect(conditionOf(test, 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message: expect.stringMatching(
        /^the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container web of Pod web-/,
      ),
    });
    expect(eventsOf(test, 'FailedComputeMetricsReplicas')[0]).toMatch(
      /^invalid metrics \(1 invalid out of 1\), first error is: /,
    );
  });

  it('scales down only once the stabilization window has passed', async () => {
    const test = start();
    await withAutoscaler(test, deployment(3, { cpu: '10m' }), autoscaler(300, 2, 5));
    expect(replicas(test)).toBe(3);
    expect(conditionOf(test, 'AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized' });

    test.advance(301);
    // A change to the HPA syncs it at once (else the next sync comes with the 15 s period).
    test.edit(AUTOSCALERS, 'web', (hpa) => Object.assign(hpa.spec as object, { maxReplicas: 6 }));
    await vi.waitFor(() => expect(replicas(test)).toBe(2), { timeout: 10_000 });
    // The metric asks for 1; minReplicas keeps 2.
    expect(replicas(test)).toBe(2);
    expect(eventsOf(test, 'SuccessfulRescale')).toEqual(['New size: 2; reason: All metrics below target']);
    expect(conditionOf(test, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooFewReplicas' });
  });

  it('reports a target it cannot find', async () => {
    const test = start();
    test.create('autoscaling', 'horizontalpodautoscalers', autoscaler(50, 1, 3));
    await synced(test);
    expect(conditionOf(test, 'AbleToScale')).toMatchObject({
      status: 'False',
      reason: 'FailedGetScale',
      message: `the HPA controller was unable to get the target's current scale: deployments.apps "web" not found`,
    });
  });

  it('refuses to act when two HPAs control the same pods', async () => {
    const test = start();
    await withAutoscaler(test, deployment(2, { cpu: '10m' }), autoscaler(10, 1, 5));
    const second = { ...autoscaler(10, 1, 5), metadata: { name: 'web-too' } };
    test.create('autoscaling', 'horizontalpodautoscalers', second);
    // The newcomer is synced at once; the first HPA finds out at its next period (15 s).
    const activeOf = () =>
      (test.get(AUTOSCALERS, 'web-too').status as Status | undefined)?.conditions?.find(
        (c) => c.type === 'ScalingActive',
      );
    await vi.waitFor(() => expect(activeOf()).toBeDefined(), { timeout: 10_000 });
    const active = activeOf();
    expect(active).toMatchObject({
      status: 'False',
      reason: 'AmbiguousSelector',
      message: 'pods by selector app=web are controlled by multiple HPAs: [team-a/web team-a/web-too]',
    });
  });

  it("settles on a replica count: the workload's load is spread over the pods it adds", async () => {
    const test = start();
    await withAutoscaler(test, deployment(1, { cpu: '100m' }), autoscaler(10, 1, 50));
    // Each sync (forced by a spec change, after the new pods run) scales on what the pods use now.
    const counts: number[] = [];
    for (let sync = 0; sync < 5; sync++) {
      await vi.waitFor(
        () => {
          const running = test
            .list(PODS)
            .filter((pod) => (pod.status as { phase?: string }).phase === 'Running');
          expect(running).toHaveLength(replicas(test));
        },
        { timeout: 10_000 },
      );
      counts.push(replicas(test));
      test.advance(16);
      test.edit(AUTOSCALERS, 'web', (hpa) =>
        Object.assign(hpa.spec as object, { maxReplicas: 50 + ((sync + 1) % 2) }),
      );
      await vi.waitFor(() => expect(statusOf(test).currentReplicas).toBe(counts[sync]), { timeout: 10_000 });
    }
    const last = replicas(test);
    // Without the load spread each pod would keep using the same share and the HPA would run to 50.
    expect(last).toBeLessThan(50);
    const utilization = statusOf(test).currentMetrics?.[0]?.resource?.current.averageUtilization ?? 0;
    expect(utilization).toBeLessThanOrEqual(10 * 1.25);
  });
});
