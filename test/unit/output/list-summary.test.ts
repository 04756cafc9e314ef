import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/k8s/kube-object.js';
import { summarizeObjects } from '../../../src/output/list-summary.js';

function pod(namespace: string, name: string, status: Record<string, unknown>): KubeObject {
  return { kind: 'Pod', metadata: { name, namespace }, spec: { containers: [{ name: 'c' }] }, status };
}

const running = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
const crashing = {
  phase: 'Running',
  containerStatuses: [{ name: 'c', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
};

function deployment(namespace: string, name: string, replicas: number, readyReplicas: number): KubeObject {
  return {
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { replicas, template: {} },
    status: { readyReplicas },
  };
}

describe('summarizeObjects', () => {
  it('counts pods by namespace and by status, naming the failing ones', () => {
    const summary = summarizeObjects([
      pod('team-a', 'web-1', running),
      pod('team-a', 'web-2', running),
      pod('team-a', 'api-1', crashing),
      pod('team-b', 'job-1', { phase: 'Succeeded' }),
      pod('team-b', 'worker-1', { phase: 'Pending' }),
    ]);
    expect(summary).toBe(
      [
        'total: 5',
        'by namespace: team-a 3, team-b 2',
        'by status: Running 2, CrashLoopBackOff 1 (team-a/api-1), Completed 1, Pending 1 (team-b/worker-1)',
      ].join('\n'),
    );
  });

  it('reports waiting init containers and unready running pods', () => {
    const initWaiting = {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'i', state: { waiting: { reason: 'ImagePullBackOff' } } }],
    };
    const unready = { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] };
    const summary = summarizeObjects([pod('a', 'p1', initWaiting), pod('a', 'p2', unready)]);
    expect(summary).toContain('Init:ImagePullBackOff 1 (a/p1)');
    expect(summary).toContain('Running (not ready) 1 (a/p2)');
  });

  it('gives workloads ready or not ready with ready/desired for those that are not', () => {
    const summary = summarizeObjects([
      deployment('team-a', 'web', 3, 3),
      deployment('team-a', 'api', 2, 1),
      deployment('team-b', 'worker', 1, 0),
    ]);
    expect(summary.split('\n').at(-1)).toBe(
      'by status: not ready 2 (team-a/api 1/2, team-b/worker 0/1), ready 1',
    );
  });

  it('recognises kind-less list items by their fields', () => {
    const { kind: _kind, ...kindless } = pod('a', 'p', crashing);
    expect(summarizeObjects([kindless])).toContain('CrashLoopBackOff 1 (a/p)');
  });

  it('only counts kinds without a status, and names kinds when they are mixed', () => {
    const summary = summarizeObjects([
      { kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } },
      { kind: 'Secret', metadata: { name: 'b', namespace: 'x' } },
    ]);
    expect(summary).toBe('total: 2\nby kind: ConfigMap 1, Secret 1\nby namespace: x 2');
  });

  it('names at most ten failing objects per status', () => {
    const pods = Array.from({ length: 13 }, (_, index) => pod('a', `p${index}`, crashing));
    expect(summarizeObjects(pods)).toContain('p9 and 3 more)');
  });

  it('counts nodes by readiness', () => {
    const node = (name: string, ready: string): KubeObject => ({
      kind: 'Node',
      metadata: { name },
      status: { conditions: [{ type: 'Ready', status: ready }] },
    });
    expect(summarizeObjects([node('n1', 'True'), node('n2', 'False')])).toBe(
      'total: 2\nby status: Ready 1, NotReady 1 (n2)',
    );
  });
});
