import { describe, expect, it } from 'vitest';
import { autoscalerFromV1, autoscalerToV1 } from '../../../src/api/autoscaling-v1-conversion.js';
import type { KubeObject } from '../../../src/types.js';

const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const cpu = {
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
};
const memory = {
  type: 'Resource',
  resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } },
};

const stored: KubeObject = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'team-a', annotations: { team: 'a' } },
  spec: {
    scaleTargetRef: target,
    minReplicas: 2,
    maxReplicas: 6,
    metrics: [cpu, memory],
    behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
  },
  status: {
    currentReplicas: 3,
    desiredReplicas: 4,
    currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75 } } }],
    conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: 'm' }],
  },
};

describe('autoscaling/v1 conversion', () => {
  it('shows the CPU target and utilization in v1 fields and keeps the rest in annotations', () => {
    const v1 = autoscalerToV1(stored);
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec).toEqual({
      scaleTargetRef: target,
      minReplicas: 2,
      maxReplicas: 6,
      targetCPUUtilizationPercentage: 60,
    });
    expect(v1.status).toEqual({
      currentReplicas: 3,
      desiredReplicas: 4,
      currentCPUUtilizationPercentage: 75,
    });
    const annotations = v1.metadata.annotations ?? {};
    expect(annotations.team).toBe('a');
    expect(JSON.parse(annotations['autoscaling.alpha.kubernetes.io/metrics'] ?? '')).toEqual([memory]);
    expect(JSON.parse(annotations['autoscaling.alpha.kubernetes.io/behavior'] ?? '')).toEqual({
      scaleDown: { stabilizationWindowSeconds: 60 },
    });
  });

  it('loses nothing over a v1 round trip', () => {
    expect(autoscalerFromV1(autoscalerToV1(stored))).toEqual(stored);
  });

  it('turns a plain v1 object (kubectl autoscale) into its v2 form', () => {
    const v1: KubeObject = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: target, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
    };
    expect(autoscalerFromV1(v1)).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: target,
        maxReplicas: 3,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    });
  });
});
