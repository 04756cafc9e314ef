// pods/ephemeralcontainers, what `kubectl debug` patches: through it only spec.ephemeralContainers
// changes, and only by adding containers. Existing ones can be neither changed nor removed, and a
// name may not repeat one of the pod's containers, as the pod's validation says in a real cluster.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../types.js';
import { invalid } from './status.js';

interface NamedContainer {
  name?: string;
  [field: string]: unknown;
}

interface PodSpecContainers {
  containers?: NamedContainer[];
  initContainers?: NamedContainer[];
  ephemeralContainers?: NamedContainer[];
}

function specOf(pod: KubeObject): PodSpecContainers {
  return (pod.spec ?? {}) as PodSpecContainers;
}

function refuse(pod: KubeObject, field: string, reason: string, message: string): never {
  throw invalid('Pod', '', pod.metadata.name ?? '', [{ reason, field, message }]);
}

/** The stored pod with the submitted pod's ephemeral containers, once they pass validation. */
export function withEphemeralContainers(current: KubeObject, submitted: KubeObject): KubeObject {
  const before = specOf(current).ephemeralContainers ?? [];
  const after = specOf(submitted).ephemeralContainers ?? [];
  const changed = before.filter(
    (container) => !after.some((candidate) => isDeepStrictEqual(candidate, container)),
  );
  if (changed.length > 0) {
    const names = changed.map((container) => `"${container.name ?? ''}"`).join(', ');
    refuse(
      current,
      'spec.ephemeralContainers',
      'FieldValueForbidden',
      `Forbidden: existing ephemeral containers ${names} may not be changed`,
    );
  }
  const taken = new Set(
    [...(specOf(current).containers ?? []), ...(specOf(current).initContainers ?? [])].map(
      (container) => container.name,
    ),
  );
  after.forEach((container, index) => {
    const field = `spec.ephemeralContainers[${index}]`;
    if (!container.name) refuse(current, `${field}.name`, 'FieldValueRequired', 'Required value');
    if (!container.image) refuse(current, `${field}.image`, 'FieldValueRequired', 'Required value');
    if (taken.has(container.name))
      refuse(current, `${field}.name`, 'FieldValueDuplicate', `Duplicate value: "${container.name}"`);
    taken.add(container.name);
  });
  return {
    ...current,
    spec: { ...(current.spec as object), ephemeralContainers: after },
    metadata: {
      ...current.metadata,
      managedFields: submitted.metadata.managedFields,
      resourceVersion: submitted.metadata.resourceVersion,
    },
  };
}
