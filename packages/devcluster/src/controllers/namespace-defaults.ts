// kube-controller-manager's per-namespace publishers: the service-account controller (a `default`
// ServiceAccount in every namespace) and the root-CA publisher (ConfigMap `kube-root-ca.crt`).
// Both put their object in each new namespace and put it back when a client deletes or edits it.
import type { GroupResource } from '../api/status.js';
import { NAMESPACE_RESOURCE } from '../cluster.js';
import { resourceKeyOf, type StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { Controller, ControllerContext } from './controller.js';
import { CONFIG_MAPS, nameOf, namespaceOf, SERVICE_ACCOUNTS, sameContent } from './objects.js';

export interface NamespaceDefault {
  /** The controller's name in kube-controller-manager. */
  name: string;
  resource: GroupResource;
  objectName: string;
  /** The object as the controller creates it in `namespace`. */
  build(namespace: string): KubeObject;
  /** What the controller puts back when a client changed `current`; undefined when all is as published. */
  repaired?: (current: KubeObject, desired: KubeObject) => KubeObject | undefined;
}

const NAMESPACES_KEY = resourceKeyOf(NAMESPACE_RESOURCE);

export class NamespaceDefaultController implements Controller {
  readonly name: string;
  readonly watches: readonly GroupResource[];
  private readonly resourceKey: string;

  constructor(
    private readonly context: ControllerContext,
    private readonly wanted: NamespaceDefault,
  ) {
    this.name = wanted.name;
    this.watches = [NAMESPACE_RESOURCE, wanted.resource];
    this.resourceKey = resourceKeyOf(wanted.resource);
  }

  keysFor(event: StoredEvent): string[] {
    if (event.resourceKey === NAMESPACES_KEY) return event.type === 'DELETED' ? [] : [nameOf(event.object)];
    if (event.resourceKey !== this.resourceKey || nameOf(event.object) !== this.wanted.objectName) return [];
    return event.type === 'ADDED' ? [] : [namespaceOf(event.object)];
  }

  sync(namespace: string): void {
    const { cluster, writer } = this.context;
    if (!cluster.namespaceExists(namespace)) return;
    const desired = this.wanted.build(namespace);
    const current = cluster.store.get(this.wanted.resource, namespace, this.wanted.objectName);
    if (!current) {
      writer.create(this.wanted.resource, desired);
      return;
    }
    const repaired = this.wanted.repaired?.(current, desired);
    if (repaired) writer.update(this.wanted.resource, current, repaired);
  }
}

export function defaultServiceAccount(): NamespaceDefault {
  return {
    name: 'serviceaccount-controller',
    resource: SERVICE_ACCOUNTS,
    objectName: 'default',
    build: (namespace) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace },
    }),
  };
}

const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints ' +
  'such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across ' +
  'distributions of Kubernetes clusters.';

/** `kube-root-ca.crt`, holding the CA that signed the API server's certificate: its data and description are kept as published. */
export function rootCaConfigMap(caCert: string): NamespaceDefault {
  return {
    name: 'root-ca-cert-publisher',
    resource: CONFIG_MAPS,
    objectName: 'kube-root-ca.crt',
    build: (namespace) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'kube-root-ca.crt',
        namespace,
        annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION },
      },
      data: { 'ca.crt': caCert },
    }),
    repaired: (current, desired) => {
      const annotations = { ...current.metadata.annotations, ...desired.metadata.annotations };
      if (sameContent(current.data, desired.data) && sameContent(current.metadata.annotations, annotations))
        return undefined;
      return { ...current, metadata: { ...current.metadata, annotations }, data: desired.data };
    },
  };
}
