// Ingress, IngressClass, HorizontalPodAutoscaler and ResourceQuota rows, as kubectl prints them.
import { describe, expect, it } from 'vitest';
import { autoscalerPrinter } from '../../../src/table/autoscaler-printer.js';
import { ingressClassPrinter, ingressPrinter } from '../../../src/table/networking-printers.js';
import { resourceQuotaPrinter } from '../../../src/table/resource-quota-printer.js';
import type { KubeObject } from '../../../src/types.js';

const now = new Date('2025-01-10T12:00:00Z');

function object(kind: string, fields: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: { name: 'x', namespace: 'default', creationTimestamp: '2025-01-10T11:00:00Z' },
    ...fields,
  };
}

describe('ingress rows', () => {
  it('lists three hosts then counts the other rules, and shows the load balancer', () => {
    const rules = ['a.example', '', 'b.example', 'c.example', 'd.example'].map((host) => ({ host }));
    const ingress = object('Ingress', {
      spec: { rules },
      status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }, { hostname: 'lb.example' }] } },
    });
    expect(ingressPrinter.cells(ingress, now)).toEqual([
      'x',
      '<none>',
      'a.example,b.example,c.example + 2 more...',
      '10.0.0.1,lb.example',
      '80',
      '60m',
    ]);
  });

  it('shows * for rules without hosts, and the TLS port', () => {
    const ingress = object('Ingress', { spec: { ingressClassName: 'nginx', rules: [{}], tls: [{}] } });
    expect(ingressPrinter.cells(ingress, now).slice(1, 5)).toEqual(['nginx', '*', '', '80, 443']);
  });

  it('names an IngressClass parameters reference as Kind.group/name', () => {
    const withGroup = object('IngressClass', {
      spec: {
        controller: 'k8s.io/ingress-nginx',
        parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p' },
      },
    });
    expect(ingressClassPrinter.cells(withGroup, now)).toEqual([
      'x',
      'k8s.io/ingress-nginx',
      'Params.k8s.example.com/p',
      '60m',
    ]);
    expect(ingressClassPrinter.cells(object('IngressClass', { spec: {} }), now)[2]).toBe('<none>');
  });
});

describe('autoscaler rows', () => {
  const autoscaler = (metrics: unknown[], currentMetrics: unknown[] = [], minReplicas?: number) =>
    object('HorizontalPodAutoscaler', {
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        metrics,
        ...(minReplicas && { minReplicas }),
      },
      status: { currentReplicas: 3, currentMetrics },
    });

  it('shows each metric as current/target, two at most', () => {
    const cpu = {
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
    };
    const memory = {
      type: 'Resource',
      resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } },
    };
    const requests = { type: 'Pods', pods: { target: { type: 'AverageValue', averageValue: '10' } } };
    const row = autoscalerPrinter.cells(
      autoscaler([cpu, memory, requests], [{ resource: { current: { averageUtilization: 45 } } }], 2),
      now,
    );
    expect(row).toEqual([
      'x',
      'Deployment/web',
      'cpu: 45%/80%, memory: <unknown>/200Mi + 1 more...',
      '2',
      5,
      3,
      '60m',
    ]);
  });

  it('says <none> without metrics, <unset> without a minimum, and (avg) for an external average', () => {
    expect(autoscalerPrinter.cells(autoscaler([]), now).slice(2, 4)).toEqual(['<none>', '<unset>']);
    const queue = { type: 'External', external: { target: { type: 'AverageValue', averageValue: '30' } } };
    expect(autoscalerPrinter.cells(autoscaler([queue]), now)[2]).toBe('<unknown>/30 (avg)');
  });
});

describe('resource quota rows', () => {
  it('sorts the resources, puts limits.* in LIMIT and the rest in REQUEST', () => {
    const quota = object('ResourceQuota', {
      status: {
        hard: { pods: '10', 'limits.memory': '1Gi', 'requests.cpu': '2', 'limits.cpu': '4' },
        used: { pods: '3', 'limits.memory': '512Mi', 'requests.cpu': '250m', 'limits.cpu': '1' },
      },
    });
    expect(resourceQuotaPrinter.cells(quota, now)).toEqual([
      'x',
      '60m',
      'pods: 3/10, requests.cpu: 250m/2',
      'limits.cpu: 1/4, limits.memory: 512Mi/1Gi',
    ]);
  });
});
