// Pods made from a controller's template, with what the apiserver's defaulting and admission add on create.
import type { KubeObject, OwnerReference } from '../types.js';
import { generatedName } from './objects.js';

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export interface PodPlan {
  namespace: string;
  /** A fixed name (a StatefulSet's ordinal pod), or the generateName prefix. */
  name?: string;
  generateName?: string;
  template: PodTemplate;
  owner: OwnerReference;
  labels?: Record<string, string>;
  /** Fields the controller sets on top of the template's spec (hostname, affinity). */
  spec?: Record<string, unknown>;
}

type Container = Record<string, unknown> & { name: string; image?: string; volumeMounts?: unknown[] };

const PRIORITY_OF_CLASS: Record<string, number> = {
  'system-node-critical': 2_000_001_000,
  'system-cluster-critical': 2_000_000_000,
};

const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** An image without a tag, or tagged latest, is pulled every time. */
function defaultPullPolicy(image: string | undefined): string {
  const lastSegment = image?.split('/').pop() ?? '';
  if (lastSegment.includes('@')) return 'IfNotPresent';
  return !lastSegment.includes(':') || lastSegment.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

function defaultedContainer(container: Container, tokenVolume: string): Container {
  return {
    imagePullPolicy: defaultPullPolicy(container.image),
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...container,
    volumeMounts: [
      ...(container.volumeMounts ?? []),
      { name: tokenVolume, mountPath: TOKEN_MOUNT_PATH, readOnly: true },
    ],
  };
}

type Toleration = { key?: string; operator?: string; effect?: string; tolerationSeconds?: number };

/** The DefaultTolerationSeconds admission plugin: evict 5 minutes after a node goes away. */
function withDefaultTolerations(tolerations: Toleration[]): Toleration[] {
  const covered = (key: string) =>
    tolerations.some((t) => t.key === key || (!t.key && t.operator === 'Exists'));
  const defaults = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']
    .filter((key) => !covered(key))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }));
  return [...tolerations, ...defaults];
}

/** The projected token volume the ServiceAccount admission plugin mounts into every container. */
function tokenVolume(name: string) {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }],
          },
        },
      ],
    },
  };
}

function admittedSpec(
  templateSpec: Record<string, unknown>,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const spec = { ...structuredClone(templateSpec), ...extra };
  const serviceAccountName = String(spec.serviceAccountName ?? spec.serviceAccount ?? 'default');
  const tokenVolumeName = generatedName('kube-api-access-');
  const automount = spec.automountServiceAccountToken !== false;
  const containers = (spec.containers ?? []) as Container[];
  return {
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    ...spec,
    containers: automount ? containers.map((c) => defaultedContainer(c, tokenVolumeName)) : containers,
    enableServiceLinks: spec.enableServiceLinks ?? true,
    preemptionPolicy: spec.preemptionPolicy ?? 'PreemptLowerPriority',
    priority: PRIORITY_OF_CLASS[String(spec.priorityClassName ?? '')] ?? 0,
    serviceAccount: serviceAccountName,
    serviceAccountName,
    tolerations: withDefaultTolerations((spec.tolerations ?? []) as Toleration[]),
    volumes: [...((spec.volumes ?? []) as unknown[]), ...(automount ? [tokenVolume(tokenVolumeName)] : [])],
  };
}

export function podFromTemplate(plan: PodPlan): KubeObject {
  const { template } = plan;
  const labels = { ...template.metadata?.labels, ...plan.labels };
  const annotations = template.metadata?.annotations;
  const name = plan.name ?? generatedName(plan.generateName ?? '');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ...(plan.name ? {} : { generateName: plan.generateName }),
      namespace: plan.namespace,
      ...(Object.keys(labels).length > 0 && { labels }),
      ...(annotations && { annotations: { ...annotations } }),
      ownerReferences: [plan.owner],
    },
    spec: admittedSpec(template.spec ?? {}, plan.spec ?? {}),
  };
}
