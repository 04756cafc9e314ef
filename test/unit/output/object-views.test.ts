import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/k8s/kube-object.js';
import { viewObject } from '../../../src/output/object-views.js';
import { LAST_APPLIED_ANNOTATION } from '../../../src/output/secret-masking.js';

const TOKEN_VOLUME = 'kube-api-access-x7k2p';

function servedPod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-1',
      namespace: 'team-a',
      uid: 'uid-1',
      resourceVersion: '42',
      selfLink: '/api/v1/namespaces/team-a/pods/web-1',
      generation: 1,
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { app: 'web' },
      annotations: { [LAST_APPLIED_ANNOTATION]: '{}' },
      managedFields: [{ manager: 'kubectl' }],
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'uid-rs' }],
    },
    spec: {
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      serviceAccount: 'default',
      serviceAccountName: 'default',
      nodeName: 'worker-1',
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          env: [{ name: 'MODE', value: 'prod' }],
          readinessProbe: {
            httpGet: { path: '/', port: 80, scheme: 'HTTP' },
            periodSeconds: 10,
            timeoutSeconds: 3,
          },
          volumeMounts: [
            {
              name: TOKEN_VOLUME,
              mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
              readOnly: true,
            },
          ],
        },
      ],
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
      volumes: [
        { name: 'cache', emptyDir: {} },
        { name: TOKEN_VOLUME, projected: { defaultMode: 420, sources: [] } },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }],
      containerStatuses: [
        { name: 'web', ready: true, lastState: {}, volumeMounts: [{ name: TOKEN_VOLUME }] },
      ],
    },
  };
}

describe('viewObject slim', () => {
  it('keeps what a reader needs: names, images, ports, env, probes, phase, condition types, node', () => {
    expect(viewObject(servedPod(), 'slim')).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-1',
        namespace: 'team-a',
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { app: 'web' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc' }],
      },
      spec: {
        serviceAccountName: 'default',
        nodeName: 'worker-1',
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80 }],
            env: [{ name: 'MODE', value: 'prod' }],
            readinessProbe: { httpGet: { path: '/', port: 80 }, timeoutSeconds: 3 },
          },
        ],
        volumes: [{ name: 'cache', emptyDir: {} }],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'web', ready: true }],
      },
    });
  });

  it('keeps values that differ from the defaults', () => {
    const pod = servedPod();
    Object.assign(pod.spec as object, { dnsPolicy: 'Default', restartPolicy: 'Never', priority: 1000 });
    const spec = viewObject(pod, 'slim').spec as Record<string, unknown>;
    expect(spec).toMatchObject({ dnsPolicy: 'Default', restartPolicy: 'Never', priority: 1000 });
  });

  it('keeps imagePullPolicy unless it is the default for the image tag', () => {
    const pullPolicy = (image: string, imagePullPolicy: string) => {
      const pod = servedPod();
      Object.assign((pod.spec as { containers: object[] }).containers[0] as object, {
        image,
        imagePullPolicy,
      });
      return (viewObject(pod, 'slim').spec as { containers: { imagePullPolicy?: string }[] }).containers[0]
        ?.imagePullPolicy;
    };
    expect(pullPolicy('nginx', 'Always')).toBeUndefined();
    expect(pullPolicy('nginx:latest', 'Always')).toBeUndefined();
    expect(pullPolicy('registry:5000/nginx@sha256:abc', 'IfNotPresent')).toBeUndefined();
    expect(pullPolicy('nginx:1.27', 'Always')).toBe('Always');
    expect(pullPolicy('nginx', 'IfNotPresent')).toBe('IfNotPresent');
  });

  it('drops deployment defaults in the spec and in its pod template', () => {
    const deployment: KubeObject = {
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        strategy: { rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' }, type: 'RollingUpdate' },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: { ...(servedPod().spec as object) },
        },
      },
    };
    const slim = viewObject(deployment, 'slim');
    expect(Object.keys(slim.spec as object)).toEqual(['replicas', 'template']);
    expect(slim.spec).toMatchObject({ template: { metadata: { labels: { app: 'web' } } } });
    expect(JSON.stringify(slim)).not.toContain('default-scheduler');
  });

  it('keeps a non-default deployment strategy', () => {
    const strategy = { type: 'Recreate' };
    const slim = viewObject({ kind: 'Deployment', spec: { strategy } }, 'slim');
    expect(slim.spec).toEqual({ strategy });
  });

  it('drops the images and volumesInUse a node lists, and keeps its conditions and addresses', () => {
    const node: KubeObject = {
      kind: 'Node',
      metadata: { name: 'worker-1' },
      status: {
        images: [{ names: ['nginx:1.27'], sizeBytes: 1 }],
        volumesInUse: ['kubernetes.io/csi/x'],
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
      },
    };
    expect(viewObject(node, 'slim').status).toEqual({
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
    });
  });

  it('slims every item of a list', () => {
    const list = viewObject({ kind: 'PodList', items: [servedPod(), servedPod()] }, 'slim');
    expect(JSON.stringify(list)).not.toContain('uid-1');
    expect(JSON.stringify(list)).not.toContain(TOKEN_VOLUME);
  });
});

describe('viewObject normal and full', () => {
  it('normal drops only managedFields and the last-applied annotation', () => {
    const normal = viewObject(servedPod(), 'normal');
    const expected = servedPod();
    delete expected.metadata?.managedFields;
    delete expected.metadata?.annotations;
    expect(normal).toEqual(expected);
  });

  it('normal keeps the other annotations', () => {
    const pod = servedPod();
    (pod.metadata as { annotations: Record<string, string> }).annotations.team = 'a';
    expect(viewObject(pod, 'normal').metadata?.annotations).toEqual({ team: 'a' });
  });

  it('full returns an equal copy, not the object itself', () => {
    const pod = servedPod();
    const full = viewObject(pod, 'full');
    expect(full).toEqual(pod);
    expect(full).not.toBe(pod);
  });

  it('never mutates its input, in any view', () => {
    for (const view of ['slim', 'normal', 'full'] as const) {
      const pod = servedPod();
      viewObject(pod, view);
      expect(pod).toEqual(servedPod());
    }
  });
});
