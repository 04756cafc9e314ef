// Shapes shared by every part of the Kubernetes simulator.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [field: string]: unknown;
}

/** Any Kubernetes object as it travels over the wire. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** One REST resource the simulator serves (a row of `kubectl api-resources`). */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresource names served under this resource, e.g. ['status', 'scale']. */
  subresources: string[];
}

/** An authenticated identity, as kube-apiserver's user.Info. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** What an authorizer decides on, as kube-apiserver's authorizer.Attributes. */
export interface RequestAttributes {
  user: UserInfo;
  verb: string; // get list watch create update patch delete deletecollection impersonate ..., or an HTTP verb for non-resource URLs
  resourceRequest: boolean;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** For non-resource requests, e.g. '/version'. */
  path: string;
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** Why, for the 403 message and for SubjectAccessReview status.reason. */
  reason: string;
}
