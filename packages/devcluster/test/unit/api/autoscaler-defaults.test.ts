import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '../../../src/api/builtin-resources.js';
import { prepareWrite } from '../../../src/api/create-strategies.js';
import type { KubeObject } from '../../../src/types.js';

const AUTOSCALERS = BUILTIN_RESOURCES.find((resource) => resource.kind === 'HorizontalPodAutoscaler');

function written(spec: Record<string, unknown>): Record<string, unknown> {
  const object: KubeObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec,
  };
  if (!AUTOSCALERS) throw new Error('HPAs are not served');
  prepareWrite(AUTOSCALERS, object);
  return object.spec as Record<string, unknown>;
}

describe('autoscaling/v2 defaulting', () => {
  it('fills in one replica, CPU at 80%, and the default behaviour, as a real cluster stores them', () => {
    const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    expect(written({ scaleTargetRef: target, maxReplicas: 5 })).toEqual({
      scaleTargetRef: target,
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ],
        },
        scaleDown: {
          stabilizationWindowSeconds: 300,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
        },
      },
    });
  });

  it('keeps what is given', () => {
    const metrics = [
      {
        type: 'Resource',
        resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } },
      },
    ];
    const spec = written({
      minReplicas: 2,
      maxReplicas: 5,
      metrics,
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
    });
    expect(spec).toMatchObject({
      minReplicas: 2,
      metrics,
      behavior: { scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max' } },
    });
  });
});
