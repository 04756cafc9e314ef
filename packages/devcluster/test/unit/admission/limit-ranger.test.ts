import { describe, expect, it } from 'vitest';
import { applyLimitRangeDefaults } from '../../../src/admission/limit-ranger.js';
import type { KubeObject } from '../../../src/types.js';

const limitRange = (limits: unknown[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'defaults', namespace: 'team-a' },
  spec: { limits },
});

const pod = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'team-a' },
  spec: {
    initContainers: [{ name: 'init', image: 'busybox' }],
    containers: [{ name: 'app', image: 'nginx', resources: { limits: { cpu: '2' } } }],
  },
});

describe('LimitRanger defaults', () => {
  it('fills in only what each container lacks, init containers included, and annotates the pod', () => {
    const object = pod();
    const ranges = [
      limitRange([
        {
          type: 'Container',
          default: { cpu: '500m', memory: '256Mi' },
          defaultRequest: { cpu: '250m', memory: '128Mi' },
        },
        { type: 'Pod', max: { cpu: '4' } },
      ]),
    ];
    expect(applyLimitRangeDefaults(object, ranges)).toBe(true);
    const spec = object.spec as {
      initContainers: { resources: unknown }[];
      containers: { resources: unknown }[];
    };
    expect(spec.initContainers[0]?.resources).toEqual({
      requests: { cpu: '250m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    // The container's own limit stays.
    expect(spec.containers[0]?.resources).toEqual({
      requests: { cpu: '250m', memory: '128Mi' },
      limits: { cpu: '2', memory: '256Mi' },
    });
    expect(object.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu, memory request for init container init; cpu, memory limit for init container init; ' +
        'cpu, memory request for container app; memory limit for container app',
    );
  });

  it('leaves a pod alone when no Container limit applies', () => {
    const object = pod();
    expect(applyLimitRangeDefaults(object, [limitRange([{ type: 'Pod', max: { cpu: '4' } }])])).toBe(false);
    expect(object.metadata.annotations).toBeUndefined();
    expect(applyLimitRangeDefaults(object, [])).toBe(false);
  });
});
