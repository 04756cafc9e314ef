// Writes as a controller makes them through the API: creates need the namespace, spec edits bump generation.
import { mergeServerFields, tracksGeneration } from '../api/object-admission.js';
import type { GroupResource } from '../api/status.js';
import type { SimulatedCluster } from '../cluster.js';
import type { KubeObject } from '../types.js';
import { deleteWithPropagation } from './cascading-deletion.js';
import { sameContent, servedResource } from './objects.js';

export class ObjectWriter {
  constructor(
    private readonly cluster: SimulatedCluster,
    private readonly now: () => Date,
  ) {}

  create(gr: GroupResource, object: KubeObject): KubeObject {
    const resource = servedResource(this.cluster, gr);
    if (tracksGeneration(resource, this.cluster.registry.crdOf(resource) !== undefined))
      object.metadata.generation = 1;
    return this.cluster.create(resource, object);
  }

  /** Replaces `current` with `next` unless nothing changed; returns what is stored afterwards. */
  update(gr: GroupResource, current: KubeObject, next: KubeObject): KubeObject {
    if (sameContent(current, next)) return current;
    return this.cluster.store.update(gr, mergeServerFields(current, next));
  }

  /** Deletes as a controller's client does: with the kind's default propagation, finalizers honoured. */
  delete(gr: GroupResource, namespace: string, name: string): void {
    if (!this.cluster.store.get(gr, namespace, name)) return;
    deleteWithPropagation(
      this.cluster,
      servedResource(this.cluster, gr),
      namespace,
      name,
      undefined,
      this.now(),
    );
  }
}
