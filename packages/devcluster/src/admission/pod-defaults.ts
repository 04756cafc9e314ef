// What kube-apiserver's defaulting and admission plugins add to every pod it creates. The seed's
// pods and the controllers' pods both come out of this, so they look the same to kubectl.
import { generatedName } from '../controllers/objects.js';

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** The pod spec fields the API server defaults when a pod or pod template leaves them out. */
export function podSpecDefaults() {
  return {
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always' as const,
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  };
}

function tolerates(tolerations: Toleration[], key: string): boolean {
  return tolerations.some(
    (toleration) => toleration.key === key || (!toleration.key && toleration.operator === 'Exists'),
  );
}

/** The DefaultTolerationSeconds admission plugin: evict 5 minutes after a node goes away. */
function withDefaultTolerations<T extends Toleration>(tolerations: T[]) {
  const defaults = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']
    .filter((key) => !tolerates(tolerations, key))
    .map((key) => ({ key, operator: 'Exists' as const, effect: 'NoExecute', tolerationSeconds: 300 }));
  return [...tolerations, ...defaults];
}

/** The ServiceAccount admission plugin mounts the token volume here in every container. */
function serviceAccountTokenMount(volumeName: string) {
  return { name: volumeName, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true };
}

/** The projected service-account token volume the ServiceAccount admission plugin adds. */
function serviceAccountTokenVolume(name: string) {
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

/** The pod spec fields admission reads. */
export interface AdmissibleSpec<Container> {
  containers?: Container[];
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  enableServiceLinks?: boolean;
  preemptionPolicy?: string;
  priorityClassName?: string;
  tolerations?: Toleration[];
  volumes?: unknown[];
}

/**
 * A pod spec as admission leaves it on create: the ServiceAccount plugin's account and token volume
 * (mounted in every container), the DefaultTolerationSeconds tolerations. The Priority plugin's
 * priority and preemption policy come from the stored classes when the pod is created
 * (admission/pod-priority.ts).
 */
export function admittedPodSpec<Container extends { volumeMounts?: object[] }>(
  spec: AdmissibleSpec<Container>,
  tokenVolumeName: string,
) {
  const serviceAccountName = spec.serviceAccountName ?? spec.serviceAccount ?? 'default';
  const tokenMount = serviceAccountTokenMount(tokenVolumeName);
  const mountsToken = (spec.containers ?? []).some((c) =>
    (c.volumeMounts as { mountPath?: string }[] | undefined)?.some(
      (mount) => mount.mountPath === tokenMount.mountPath,
    ),
  );
  const automount = spec.automountServiceAccountToken !== false && !mountsToken;
  const containers = spec.containers ?? [];
  return {
    ...spec,
    containers: automount
      ? containers.map((c) => ({ ...c, volumeMounts: [...(c.volumeMounts ?? []), tokenMount] }))
      : containers,
    enableServiceLinks: spec.enableServiceLinks ?? true,
    serviceAccount: serviceAccountName,
    serviceAccountName,
    tolerations: withDefaultTolerations(spec.tolerations ?? []),
    volumes: [...(spec.volumes ?? []), ...(automount ? [serviceAccountTokenVolume(tokenVolumeName)] : [])],
  };
}

type Container = Record<string, unknown> & { name: string; image?: string; volumeMounts?: object[] };

type PodSpecFields = AdmissibleSpec<Container> & Record<string, unknown>;

/** An image without a tag, or tagged latest, is pulled every time. */
function defaultPullPolicy(image: string | undefined): string {
  const lastSegment = image?.split('/').pop() ?? '';
  if (lastSegment.includes('@')) return 'IfNotPresent';
  return !lastSegment.includes(':') || lastSegment.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

function defaultedContainer(container: Container): Container {
  return {
    imagePullPolicy: defaultPullPolicy(container.image),
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...container,
  };
}

type Resources = { requests?: Record<string, unknown>; limits?: Record<string, unknown> };

/** SetDefaults_Pod: a limit without its request makes the request (pods only, never templates). */
function withRequestsFromLimits(container: Container): Container {
  const resources = container.resources as Resources | undefined;
  if (!resources?.limits) return container;
  const requests = { ...resources.limits, ...resources.requests };
  return { ...container, resources: { ...resources, requests } };
}

/**
 * A new pod's spec as the API server stores it: defaulted, then admitted. Used for pods the
 * controllers make and pods clients create (`kubectl run`), so both look the same to kubectl.
 */
export function defaultedPodSpec(submitted: Record<string, unknown>): Record<string, unknown> {
  const spec = submitted as PodSpecFields;
  const containers = (spec.containers ?? []).map(withRequestsFromLimits);
  // Containers are defaulted along with the token mount; without the token they stay as given.
  const automount = spec.automountServiceAccountToken !== false;
  return admittedPodSpec(
    {
      ...podSpecDefaults(),
      ...spec,
      containers: automount ? containers.map(defaultedContainer) : containers,
      ...(Array.isArray(spec.initContainers) && {
        initContainers: (spec.initContainers as Container[]).map(withRequestsFromLimits),
      }),
    },
    generatedName('kube-api-access-'),
  );
}
