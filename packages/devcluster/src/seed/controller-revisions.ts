// The ControllerRevision that DaemonSets and StatefulSets keep for each template they have run.
import type { KubeObject } from '../types.js';
import { templateHash } from './generated-names.js';
import { controllerRef, objectMeta } from './object-meta.js';
import type { PodTemplate } from './pods.js';

export interface RevisionOwner {
  kind: 'DaemonSet' | 'StatefulSet';
  namespace: string;
  name: string;
  created: Date;
  labels: Record<string, string>;
  template: PodTemplate;
}

export function revisionHash(owner: RevisionOwner): string {
  return templateHash(`${owner.namespace}/${owner.name}/${JSON.stringify(owner.template)}`);
}

/** DaemonSet pods carry the bare hash; StatefulSet pods carry this whole name. */
export function revisionName(owner: RevisionOwner): string {
  return `${owner.name}-${revisionHash(owner)}`;
}

// Each controller labels its revisions with the hash under its own key.
const HASH_LABEL_OF_OWNER = {
  DaemonSet: 'controller-revision-hash',
  StatefulSet: 'controller.kubernetes.io/hash',
};

export function controllerRevision(owner: RevisionOwner): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: objectMeta({
      name: revisionName(owner),
      namespace: owner.namespace,
      created: owner.created,
      labels: { ...owner.labels, [HASH_LABEL_OF_OWNER[owner.kind]]: revisionHash(owner) },
      owner: controllerRef('apps/v1', owner.kind, owner.name),
    }),
    data: { spec: { template: { ...owner.template, $patch: 'replace' } } },
    revision: 1,
  };
}
