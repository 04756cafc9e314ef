import { admissionForbidden } from './admission/admission-forbidden.js';
import { applyLimitRangeDefaults, limitRangeViolation } from './admission/limit-ranger.js';
import { admitPodPriority, systemPriorityClasses } from './admission/pod-priority.js';
import { qosClass } from './admission/qos-class.js';
import type { QuotaScope } from './admission/quota-usage.js';
import { admitAgainstQuotas } from './admission/resource-quota.js';
import { apiVersionOf, tracksGeneration } from './api/object-admission.js';
import { ResourceRegistry } from './api/resource-registry.js';
import { type GroupResource, notFound } from './api/status.js';
import { ObjectStore, resourceKeyOf } from './store/object-store.js';
import type { KubeObject, OwnerReference, ResourceType } from './types.js';
import { admitClaim } from './volumes/claim-admission.js';

export interface InvolvedObject {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
}

export const CRD_RESOURCE: GroupResource = {
  group: 'apiextensions.k8s.io',
  resource: 'customresourcedefinitions',
};
export const NAMESPACE_RESOURCE: GroupResource = { group: '', resource: 'namespaces' };

export function groupResource(resource: ResourceType): GroupResource {
  return { group: resource.group, resource: resource.plural };
}

function crdStatus(crd: KubeObject, timestamp: string): Record<string, unknown> {
  const names = (crd.spec as { names: Record<string, unknown> }).names;
  const condition = (type: string, reason: string, message: string) => ({
    type,
    status: 'True',
    lastTransitionTime: timestamp,
    reason,
    message,
  });
  return {
    acceptedNames: {
      ...names,
      listKind: names.listKind ?? `${names.kind}List`,
      singular: names.singular ?? String(names.kind).toLowerCase(),
    },
    conditions: [
      condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
      condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
    ],
    storedVersions: ((crd.spec as { versions: { name: string; storage?: boolean }[] }).versions ?? [])
      .filter((version) => version.storage)
      .map((version) => version.name),
  };
}

/**
 * The simulated cluster's state: the object store plus the resources it serves. Writes that
 * have effects beyond one object (a CRD adds an API, a namespace owns its contents) go here.
 */
/** The object an Event is about, or the claim a PersistentVolume is bound to: named, uid to fill. */
function namedReference(object: KubeObject): InvolvedObject | undefined {
  if (object.kind === 'Event') return object.involvedObject as InvolvedObject | undefined;
  if (object.kind === 'PersistentVolume')
    return (object.spec as { claimRef?: InvolvedObject } | undefined)?.claimRef;
  return undefined;
}

export class SimulatedCluster {
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  private readonly now: () => Date;

  constructor(options: { now?: () => Date; historySize?: number; metricsApi?: boolean } = {}) {
    this.now = options.now ?? (() => new Date());
    this.registry = new ResourceRegistry({ ...(options.metricsApi === false && { metricsApi: false }) });
    this.store = new ObjectStore({
      now: this.now,
      ...(options.historySize ? { historySize: options.historySize } : {}),
    });
    this.store.subscribe((event) => {
      if (event.resourceKey === resourceKeyOf(CRD_RESOURCE))
        this.registry.setCustomResourceDefinitions(this.crds());
    });
    // What kube-apiserver makes before it serves anything, and pods' admission needs.
    this.load(systemPriorityClasses());
  }

  /** What quotas count: the stored objects of the resources served. */
  readonly quotaScope: QuotaScope = {
    list: (gr, namespace) => this.store.list(gr, namespace),
    serves: (gr) => this.registry.all().some((r) => r.group === gr.group && r.plural === gr.resource),
  };

  crds(): KubeObject[] {
    return this.store.list(CRD_RESOURCE);
  }

  resourceForObject(apiVersion: string, kind: string): ResourceType | undefined {
    return this.registry
      .all()
      .find((resource) => apiVersionOf(resource) === apiVersion && resource.kind === kind);
  }

  namespaceExists(name: string): boolean {
    return this.store.get(NAMESPACE_RESOURCE, '', name) !== undefined;
  }

  /** Creates an object that passed admission; a namespaced object needs its namespace. */
  create(resource: ResourceType, object: KubeObject): KubeObject {
    return this.store.create(groupResource(resource), this.prepareCreate(resource, object));
  }

  /** What create would store, without storing it (dry run). */
  previewCreate(resource: ResourceType, object: KubeObject): KubeObject {
    return this.store.previewCreate(groupResource(resource), this.prepareCreate(resource, object));
  }

  private prepareCreate(resource: ResourceType, object: KubeObject): KubeObject {
    const namespace = object.metadata.namespace;
    if (resource.namespaced && namespace && !this.namespaceExists(namespace))
      throw notFound(NAMESPACE_RESOURCE, namespace);
    if (resource.kind === 'CustomResourceDefinition' && resource.group === CRD_RESOURCE.group) {
      object.status = crdStatus(
        object,
        this.now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
      );
    }
    if (resource.kind === 'Pod' && resource.group === '' && namespace) {
      const limitRanges = this.store.list({ group: '', resource: 'limitranges' }, namespace);
      const status = object.status as { qosClass?: string } | undefined;
      // Admission runs before the pod's QoS class is worked out, so a default can change it.
      if (applyLimitRangeDefaults(object, limitRanges) && status?.qosClass)
        status.qosClass = qosClass(object);
      const violation = limitRangeViolation(object, limitRanges);
      if (violation) throw admissionForbidden(groupResource(resource), object, violation);
      admitPodPriority(this.store, object);
    }
    if (resource.kind === 'PersistentVolumeClaim' && resource.group === '') admitClaim(this.store, object);
    admitAgainstQuotas(this.quotaScope, groupResource(resource), object);
    if (resource.kind === 'Namespace') {
      object.metadata.labels = {
        ...object.metadata.labels,
        'kubernetes.io/metadata.name': object.metadata.name ?? '',
      };
      object.spec = { finalizers: ['kubernetes'], ...(object.spec as object | undefined) };
      object.status = { phase: 'Active' };
    }
    return object;
  }

  /** Deletes an object and what it contains: a namespace's objects, a CRD's custom resources. */
  delete(resource: ResourceType, namespace: string, name: string): KubeObject {
    const gr = groupResource(resource);
    const existing = this.store.get(gr, namespace, name);
    if (!existing) throw notFound(gr, name);
    if (resource.kind === 'Namespace' && !resource.group) {
      for (const contained of this.registry.all().filter((r) => r.namespaced)) {
        for (const object of this.store.list(groupResource(contained), name)) {
          this.store.delete(groupResource(contained), name, object.metadata.name ?? '');
        }
      }
    }
    if (resource.kind === 'CustomResourceDefinition' && resource.group === CRD_RESOURCE.group) {
      const spec = existing.spec as { group: string; names: { plural: string } };
      const custom = { group: spec.group, resource: spec.names.plural };
      for (const object of this.store.list(custom)) {
        this.store.delete(custom, object.metadata.namespace ?? '', object.metadata.name ?? '');
      }
    }
    return this.store.delete(gr, namespace, name);
  }

  /**
   * Loads seed objects as they are (status included), in order, then points each
   * ownerReference at its owner's uid, found by kind and name in the same namespace.
   */
  load(objects: KubeObject[]): void {
    const created: KubeObject[] = [];
    for (const object of objects) {
      const resource = this.resourceForObject(object.apiVersion, object.kind);
      if (!resource)
        throw new Error(
          `seed object ${object.kind} ${object.metadata.name}: no served resource for ${object.apiVersion} ${object.kind}`,
        );
      const seeded = structuredClone(object);
      if (tracksGeneration(resource, this.registry.crdOf(resource) !== undefined))
        seeded.metadata.generation ??= 1;
      created.push(this.create(resource, seeded));
    }
    const uids = new Map(
      created.map((o) => [`${o.metadata.namespace ?? ''}/${o.kind}/${o.metadata.name}`, o.metadata.uid]),
    );
    // An owner is in the same namespace, or cluster-scoped; an event's object and a volume's claim
    // are in the namespace their reference names.
    const uidOf = (namespace: string, kind: string, name: string) =>
      uids.get(`${namespace}/${kind}/${name}`) ?? uids.get(`/${kind}/${name}`) ?? '';
    for (const object of created) {
      const namespace = object.metadata.namespace ?? '';
      const references = object.metadata.ownerReferences;
      const reference = namedReference(object);
      const missingOwnerUid = references?.some((owner) => !owner.uid) ?? false;
      const missingReferenceUid = reference !== undefined && !reference.uid;
      if (!missingOwnerUid && !missingReferenceUid) continue;
      if (references && missingOwnerUid) {
        object.metadata.ownerReferences = references.map((owner: OwnerReference) => ({
          ...owner,
          uid: owner.uid || uidOf(namespace, owner.kind, owner.name),
        }));
      }
      if (reference && missingReferenceUid)
        reference.uid = uidOf(reference.namespace ?? '', reference.kind, reference.name);
      const resource = this.resourceForObject(object.apiVersion, object.kind);
      if (resource) this.store.update(groupResource(resource), object);
    }
  }
}
