// The shapes this server reads from and writes to any Kubernetes API server.

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  managedFields?: unknown[];
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/** A meta.k8s.io/v1 Table, as the API server answers `Accept: ...;as=Table`. */
export interface KubeTable {
  kind: 'Table';
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: {
    name: string;
    type: string;
    format?: string;
    description?: string;
    priority?: number;
  }[];
  rows: { cells: unknown[]; object?: KubeObject; conditions?: unknown[] }[];
}

/** One kind the cluster serves, as discovery describes it. */
export interface ApiResource {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresource names, e.g. ['status', 'scale', 'log']. */
  subresources: string[];
}
