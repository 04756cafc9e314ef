import { describe, expect, it } from 'vitest';
import type { QuotaScope } from '../../../src/admission/quota-usage.js';
import { admitAgainstQuotas } from '../../../src/admission/resource-quota.js';
import type { GroupResource } from '../../../src/api/status.js';
import { ApiError } from '../../../src/api/status.js';
import type { KubeObject } from '../../../src/types.js';

const PODS: GroupResource = { group: '', resource: 'pods' };
const DEPLOYMENTS: GroupResource = { group: 'apps', resource: 'deployments' };

const quota = (name: string, hard: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name, namespace: 'team-a' },
  spec: { hard },
});

const pod = (name: string, resources: object, phase = 'Running'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'team-a' },
  spec: { containers: [{ name: 'app', image: 'nginx', resources }] },
  status: { phase },
});

/** A namespace's stored objects, by resource. */
function scope(objects: Record<string, KubeObject[]>): QuotaScope {
  return {
    list: (gr) => objects[`${gr.group}/${gr.resource}`] ?? [],
    serves: (gr) => gr.resource !== 'widgets',
  };
}

function refusal(run: () => void): { code: number; message: string; details: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error.status as never;
    throw error;
  }
  throw new Error('admitted');
}

const cpuRequest = (cpu: string) => ({ requests: { cpu }, limits: { cpu } });

describe('the ResourceQuota admission plugin', () => {
  it("refuses a pod past a quota with the API server's message, naming only what is exceeded", () => {
    const objects = {
      '/resourcequotas': [quota('compute', { pods: '3', 'requests.cpu': '1', 'limits.cpu': '4' })],
      '/pods': [
        pod('a', cpuRequest('300m')),
        pod('b', cpuRequest('500m')),
        pod('done', cpuRequest('2'), 'Succeeded'),
      ],
    };
    const status = refusal(() => admitAgainstQuotas(scope(objects), PODS, pod('c', cpuRequest('250m'))));
    expect(status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods "c" is forbidden: exceeded quota: compute, requested: requests.cpu=250m, used: requests.cpu=800m, limited: requests.cpu=1',
      details: { name: 'c', kind: 'pods' },
    });
    // Exactly at the limit is allowed; a finished pod does not count.
    expect(() => admitAgainstQuotas(scope(objects), PODS, pod('c', cpuRequest('200m')))).not.toThrow();
  });

  it('lists every exceeded resource, sorted, with memory and counts canonical', () => {
    const objects = {
      '/resourcequotas': [quota('small', { 'requests.memory': '1Gi', pods: '1' })],
      '/pods': [pod('a', { requests: { memory: '768Mi' } })],
    };
    const status = refusal(() =>
      admitAgainstQuotas(scope(objects), PODS, pod('b', { requests: { memory: '512Mi' } })),
    );
    expect(status.message).toBe(
      'pods "b" is forbidden: exceeded quota: small, requested: pods=1,requests.memory=512Mi, ' +
        'used: pods=1,requests.memory=768Mi, limited: pods=1,requests.memory=1Gi',
    );
  });

  it('asks every container to name the compute resources a quota limits', () => {
    const objects = { '/resourcequotas': [quota('compute', { 'limits.memory': '2Gi', cpu: '2' })] };
    const bare: KubeObject = {
      ...pod('web', {}),
      spec: {
        initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '100m' } } }],
        containers: [
          { name: 'app', image: 'nginx' },
          { name: 'sidecar', image: 'envoy', resources: { limits: { memory: '64Mi' } } },
        ],
      },
    };
    expect(refusal(() => admitAgainstQuotas(scope(objects), PODS, bare)).message).toBe(
      'pods "web" is forbidden: failed quota: compute: must specify cpu for: app,sidecar; limits.memory for: app,init',
    );
  });

  it('counts objects of any served resource by count/<resource>.<group>, with the group in the answer', () => {
    const objects = {
      '/resourcequotas': [
        quota('objects', { 'count/deployments.apps': '1', 'count/widgets.example.com': '0' }),
      ],
      'apps/deployments': [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }],
    };
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'team-a' },
    };
    expect(refusal(() => admitAgainstQuotas(scope(objects), DEPLOYMENTS, deployment))).toMatchObject({
      message:
        'deployments.apps "api" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, ' +
        'used: count/deployments.apps=1, limited: count/deployments.apps=1',
      details: { name: 'api', group: 'apps', kind: 'deployments' },
    });
    // What a quota does not limit passes, pods included.
    expect(() => admitAgainstQuotas(scope(objects), PODS, pod('a', {}))).not.toThrow();
  });

  it('applies a scoped quota only to the pods its scopes match, and counts only those', () => {
    const scoped = (name: string, spec: object): KubeObject => ({ ...quota(name, {}), spec });
    const bestEffort = scoped('best-effort', { hard: { pods: '1' }, scopes: ['BestEffort'] });
    const objects = {
      '/resourcequotas': [bestEffort],
      // One BestEffort pod already runs; a pod with requests is not BestEffort and does not count.
      '/pods': [pod('idle', {}), pod('sized', cpuRequest('100m'))],
    };
    expect(refusal(() => admitAgainstQuotas(scope(objects), PODS, pod('another', {}))).message).toBe(
      'pods "another" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1',
    );
    expect(() => admitAgainstQuotas(scope(objects), PODS, pod('sized-2', cpuRequest('100m')))).not.toThrow();
    // Scoped quotas count pods only.
    const configMap: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'team-a' },
    };
    const counting = {
      '/resourcequotas': [scoped('all', { hard: { 'count/configmaps': '0' }, scopes: ['NotTerminating'] })],
    };
    expect(() =>
      admitAgainstQuotas(scope(counting), { group: '', resource: 'configmaps' }, configMap),
    ).not.toThrow();
  });

  it('matches PriorityClass and Terminating scopes by the pod spec', () => {
    const priority = {
      ...quota('critical', { pods: '0' }),
      spec: {
        hard: { pods: '0' },
        scopeSelector: {
          matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['critical'] }],
        },
      },
    };
    const terminating = {
      ...quota('batch', { pods: '0' }),
      spec: { hard: { pods: '0' }, scopes: ['Terminating'] },
    };
    const objects = { '/resourcequotas': [priority, terminating] };
    const withSpec = (name: string, extra: object): KubeObject => {
      const base = pod(name, {});
      return { ...base, spec: { ...(base.spec as object), ...extra } };
    };
    expect(() => admitAgainstQuotas(scope(objects), PODS, withSpec('plain', {}))).not.toThrow();
    expect(
      refusal(() =>
        admitAgainstQuotas(scope(objects), PODS, withSpec('vip', { priorityClassName: 'critical' })),
      ).message,
    ).toMatch(/exceeded quota: critical,/);
    expect(
      refusal(() => admitAgainstQuotas(scope(objects), PODS, withSpec('job', { activeDeadlineSeconds: 60 })))
        .message,
    ).toMatch(/exceeded quota: batch,/);
  });
});
