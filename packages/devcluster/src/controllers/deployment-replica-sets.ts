// Pure facts about a Deployment's ReplicaSets: which one matches the template, their order, their annotations
// and sizes. Nothing here reads or writes the store, so the controller and its writes can share it.
import type { KubeObject } from '../types.js';
import {
  availableReplicas,
  DESIRED_REPLICAS,
  deploymentSpec,
  isRollingUpdate,
  MAX_REPLICAS,
  maxSurge,
  REVISION,
  REVISION_HISTORY,
  revisionOf,
  specReplicas,
} from './deployment-status.js';
import { controllerReference, nameOf, replicasOf, sameContent } from './objects.js';

export const HASH_LABEL = 'pod-template-hash';
// Deployment annotations that are the controller's own or kubectl's, and never copied to a ReplicaSet.
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

type Template = { metadata?: { labels?: Record<string, string> } } & Record<string, unknown>;

export function templateOf(object: KubeObject): Template {
  return ((object.spec as { template?: Template } | undefined)?.template ?? {}) as Template;
}

/** EqualIgnoreHash: the templates match once the ReplicaSet's pod-template-hash label is set aside. */
export function sameTemplate(replicaSetTemplate: Template, deploymentTemplate: Template): boolean {
  const labels = { ...replicaSetTemplate.metadata?.labels };
  delete labels[HASH_LABEL];
  return sameContent(
    { ...replicaSetTemplate, metadata: { ...replicaSetTemplate.metadata, labels } },
    deploymentTemplate,
  );
}

export function byCreation(a: KubeObject, b: KubeObject): number {
  const order =
    Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '');
  return order !== 0 ? order : nameOf(a).localeCompare(nameOf(b));
}

export function isActiveReplicaSet(replicaSet: KubeObject): boolean {
  return replicasOf(replicaSet) > 0;
}

/** The oldest ReplicaSet whose template matches the Deployment's. */
export function newReplicaSetOf(deployment: KubeObject, replicaSets: KubeObject[]): KubeObject | undefined {
  return [...replicaSets].sort(byCreation).find((rs) => sameTemplate(templateOf(rs), templateOf(deployment)));
}

/** SetNewReplicaSetAnnotations: copy the Deployment's annotations and move the revision forward. */
export function replicaSetAnnotations(
  deployment: KubeObject,
  replicaSet: KubeObject | undefined,
  revision: number,
) {
  const annotations: Record<string, string> = { ...replicaSet?.metadata.annotations };
  for (const [key, value] of Object.entries(deployment.metadata.annotations ?? {})) {
    if (!NOT_COPIED.has(key)) annotations[key] = value;
  }
  const previous = replicaSet ? revisionOf(replicaSet) : 0;
  if (previous < revision) {
    if (previous > 0) {
      const history = annotations[REVISION_HISTORY];
      annotations[REVISION_HISTORY] = history ? `${history},${previous}` : String(previous);
    }
    annotations[REVISION] = String(revision);
  }
  return annotations;
}

/** The sizes a ReplicaSet was made for; a later mismatch is how a scaling event is recognised. */
export function replicasAnnotations(deployment: KubeObject): Record<string, string> {
  const replicas = replicasOf(deployment);
  return { [DESIRED_REPLICAS]: String(replicas), [MAX_REPLICAS]: String(replicas + maxSurge(deployment)) };
}

/** NewRSNewReplicas: all at once for Recreate; within maxSurge for a rolling update. */
export function newReplicaSetReplicas(
  deployment: KubeObject,
  all: KubeObject[],
  newRS: KubeObject | undefined,
): number {
  const replicas = replicasOf(deployment);
  if (!isRollingUpdate(deployment)) return replicas;
  const current = newRS ? replicasOf(newRS) : 0;
  const total = specReplicas(all);
  const maxTotal = replicas + maxSurge(deployment);
  if (total >= maxTotal) return current;
  return current + Math.max(0, Math.min(maxTotal - total, replicas - current));
}

/** The new ReplicaSet is sized for the Deployment's count and all its replicas are available. */
export function isSaturated(deployment: KubeObject, replicaSet: KubeObject): boolean {
  const replicas = replicasOf(deployment);
  return (
    replicaSet.metadata.annotations?.[DESIRED_REPLICAS] === String(replicas) &&
    replicasOf(replicaSet) === replicas &&
    availableReplicas([replicaSet]) === replicas
  );
}

/** The ReplicaSet a Deployment creates for its template: named, labelled and selected by the template hash. */
export function newReplicaSetManifest(
  deployment: KubeObject,
  hash: string,
  replicas: number,
  revision: number,
): KubeObject {
  const spec = deploymentSpec(deployment);
  const templateLabels = { ...spec.template?.metadata?.labels, [HASH_LABEL]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${nameOf(deployment)}-${hash}`,
      namespace: deployment.metadata.namespace,
      labels: templateLabels,
      annotations: {
        ...replicaSetAnnotations(deployment, undefined, revision),
        ...replicasAnnotations(deployment),
      },
      ownerReferences: [controllerReference(deployment)],
    },
    spec: {
      replicas,
      ...(spec.minReadySeconds !== undefined && { minReadySeconds: spec.minReadySeconds }),
      selector: { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, [HASH_LABEL]: hash } },
      template: { ...spec.template, metadata: { ...spec.template?.metadata, labels: templateLabels } },
    },
  };
}
