import { isDeepStrictEqual } from 'node:util';
import { dropDefaults, dropEmpty } from './default-values.js';
import { isRecord, type JsonRecord, recordAt, recordsIn } from './records.js';

// Defaults the API server fills into every pod spec; they say nothing about this pod.
const POD_SPEC_DEFAULTS: JsonRecord = {
  dnsPolicy: 'ClusterFirst',
  enableServiceLinks: true,
  preemptionPolicy: 'PreemptLowerPriority',
  priority: 0,
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

const CONTAINER_DEFAULTS: JsonRecord = {
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
  securityContext: {},
};

const PROBE_DEFAULTS: JsonRecord = {
  initialDelaySeconds: 0,
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
};

/** The admission plugin adds these two to every pod. */
const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) => ({
  key,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
}));

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const VOLUME_SOURCES_WITH_MODE = ['configMap', 'secret', 'projected', 'downwardAPI'];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const DEFAULT_FILE_MODE = 420; // 0644

/** Every pod spec inside an object: a Pod's own, a workload's template, a CronJob's job template. */
export function podSpecsIn(object: JsonRecord): JsonRecord[] {
  const candidates = [
    recordAt(object, 'spec'),
    recordAt(object, 'template', 'spec'),
    recordAt(object, 'spec', 'template', 'spec'),
    recordAt(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec'),
  ];
  return candidates.filter((spec): spec is JsonRecord => Array.isArray(spec?.containers));
}

/** Drops what the API server defaults or injects into a pod spec, in place. */
export function slimPodSpec(spec: JsonRecord): void {
  dropDefaults(spec, POD_SPEC_DEFAULTS);
  if (spec.serviceAccount === spec.serviceAccountName) delete spec.serviceAccount;
  dropInjectedTokenVolume(spec);
  if (Array.isArray(spec.tolerations)) {
    spec.tolerations = spec.tolerations.filter(
      (toleration) => !DEFAULT_TOLERATIONS.some((injected) => isDeepStrictEqual(toleration, injected)),
    );
  }
  for (const volume of recordsIn(spec, 'volumes')) {
    for (const source of VOLUME_SOURCES_WITH_MODE)
      dropDefaults(recordAt(volume, source), { defaultMode: DEFAULT_FILE_MODE });
  }
  for (const container of CONTAINER_LISTS.flatMap((list) => recordsIn(spec, list))) slimContainer(container);
  dropEmpty(spec, 'tolerations', 'volumes');
}

/** The service-account token volume (`kube-api-access-*`) that admission mounts into every container. */
function dropInjectedTokenVolume(spec: JsonRecord): void {
  const isInjected = (entry: unknown) =>
    isRecord(entry) && typeof entry.name === 'string' && entry.name.startsWith('kube-api-access-');
  if (Array.isArray(spec.volumes)) spec.volumes = spec.volumes.filter((volume) => !isInjected(volume));
  for (const container of CONTAINER_LISTS.flatMap((list) => recordsIn(spec, list))) {
    if (Array.isArray(container.volumeMounts)) {
      container.volumeMounts = container.volumeMounts.filter((mount) => !isInjected(mount));
    }
  }
}

function slimContainer(container: JsonRecord): void {
  dropDefaults(container, CONTAINER_DEFAULTS);
  if (container.imagePullPolicy === defaultPullPolicy(container.image)) delete container.imagePullPolicy;
  for (const port of recordsIn(container, 'ports')) dropDefaults(port, { protocol: 'TCP' });
  for (const probe of PROBES) {
    dropDefaults(recordAt(container, probe), PROBE_DEFAULTS);
    dropDefaults(recordAt(container, probe, 'httpGet'), { scheme: 'HTTP' });
  }
  dropEmpty(container, 'volumeMounts');
}

/** Kubernetes pulls `:latest` and untagged images always, anything else (tag or digest) if not present. */
function defaultPullPolicy(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  if (image.includes('@')) return 'IfNotPresent';
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}
