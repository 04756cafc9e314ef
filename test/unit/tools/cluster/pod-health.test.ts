import { describe, expect, it } from 'vitest';
import { PENDING_GRACE_MS, podProblem } from '../../../../src/tools/cluster/pod-health.js';

const now = new Date('2026-01-10T12:00:00Z');
const createdAgo = (ms: number) => new Date(now.getTime() - ms).toISOString();

function pod(status: Record<string, unknown>, ageMs = 60 * 60_000) {
  return {
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'n', creationTimestamp: createdAgo(ageMs) },
    status,
  };
}

describe('pod health', () => {
  it('flags a crash-looping container with its reason and restart count', () => {
    const crashing = pod({
      phase: 'Running',
      containerStatuses: [
        { restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } } },
      ],
    });
    expect(podProblem(crashing, now)).toMatchObject({
      status: 'CrashLoopBackOff',
      restarts: 7,
      detail: 'back-off 5m0s',
    });
  });

  it('flags a pod pending longer than the grace period, with the scheduler message', () => {
    const unschedulable = {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', message: '0/3 nodes are available' }],
    };
    expect(podProblem(pod(unschedulable, PENDING_GRACE_MS - 1000), now)).toBeUndefined();
    expect(podProblem(pod(unschedulable), now)?.detail).toBe('pending for 60m: 0/3 nodes are available');
  });

  it('flags failed and not-ready pods but not completed or starting ones', () => {
    expect(podProblem(pod({ phase: 'Failed', reason: 'Evicted', message: 'low memory' }), now)?.status).toBe(
      'Evicted',
    );
    const notReady = pod({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{}],
    });
    expect(podProblem(notReady, now)?.detail).toBe('running, 0/1 containers ready');
    expect(podProblem(pod({ phase: 'Succeeded' }), now)).toBeUndefined();
    const starting = pod(
      { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] },
      1000,
    );
    expect(podProblem(starting, now)).toBeUndefined();
  });
});
