import { describe, expect, it } from 'vitest';
import { applyLimitRangeDefaults, limitRangeViolation } from '../../../src/admission/limit-ranger.js';
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

describe('LimitRanger validation', () => {
  const withResources = (resources: object): KubeObject => ({
    ...pod(),
    spec: { containers: [{ name: 'app', image: 'nginx', resources }] },
  });

  it('refuses a container above max or below min, with the messages of limitranger.go', () => {
    const ranges = [
      limitRange([{ type: 'Container', max: { cpu: '1', memory: '1Gi' }, min: { cpu: '100m' } }]),
    ];
    expect(
      limitRangeViolation(
        withResources({ limits: { cpu: '2', memory: '512Mi' }, requests: { cpu: '1' } }),
        ranges,
      ),
    ).toBe('maximum cpu usage per Container is 1, but limit is 2');
    expect(
      limitRangeViolation(
        withResources({ limits: { cpu: '500m', memory: '2048Mi' }, requests: { cpu: '0.05' } }),
        ranges,
      ),
    ).toBe(
      '[minimum cpu usage per Container is 100m, but request is 50m, maximum memory usage per Container is 1Gi, but limit is 2Gi]',
    );
    expect(limitRangeViolation(withResources({ requests: { cpu: '200m' } }), ranges)).toBe(
      '[maximum cpu usage per Container is 1.  No limit is specified, maximum memory usage per Container is 1Gi.  No limit is specified]',
    );
    expect(
      limitRangeViolation(
        withResources({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '100m' } }),
        ranges,
      ),
    ).toBeUndefined();
  });

  it("checks a Pod item against the containers' sums, and the limit-to-request ratio", () => {
    const twoContainers: KubeObject = {
      ...pod(),
      spec: {
        containers: [
          { name: 'a', image: 'nginx', resources: { requests: { cpu: '300m' }, limits: { cpu: '600m' } } },
          { name: 'b', image: 'nginx', resources: { requests: { cpu: '300m' }, limits: { cpu: '600m' } } },
        ],
      },
    };
    expect(limitRangeViolation(twoContainers, [limitRange([{ type: 'Pod', max: { cpu: '1' } }])])).toBe(
      'maximum cpu usage per Pod is 1, but limit is 1200m',
    );
    expect(
      limitRangeViolation(twoContainers, [
        limitRange([{ type: 'Container', maxLimitRequestRatio: { cpu: '1500m' } }]),
      ]),
    ).toBe(
      '[cpu max limit to request ratio per Container is 1500m, but provided ratio is 2.000000, ' +
        'cpu max limit to request ratio per Container is 1500m, but provided ratio is 2.000000]',
    );
    expect(
      limitRangeViolation(twoContainers, [
        limitRange([{ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }]),
      ]),
    ).toBeUndefined();
  });
});
