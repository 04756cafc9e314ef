import { describe, expect, it } from 'vitest';
import { defaultedPodSpec } from '../../../src/admission/pod-defaults.js';

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
type Spec = { containers: { resources: Resources }[]; initContainers: { resources: Resources }[] };

describe("a new pod's defaults", () => {
  it('gives a container the request its limit names and it lacks, init containers too (SetDefaults_Pod)', () => {
    const spec = defaultedPodSpec({
      initContainers: [{ name: 'init', image: 'busybox', resources: { limits: { memory: '64Mi' } } }],
      containers: [
        {
          name: 'app',
          image: 'nginx',
          resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '250m' } },
        },
        { name: 'bare', image: 'nginx' },
      ],
    }) as Spec;
    expect(spec.containers[0]?.resources).toEqual({
      limits: { cpu: '1', memory: '1Gi' },
      requests: { cpu: '250m', memory: '1Gi' },
    });
    expect(spec.containers[1]?.resources).toEqual({});
    expect(spec.initContainers[0]?.resources).toEqual({
      limits: { memory: '64Mi' },
      requests: { memory: '64Mi' },
    });
  });
});
