export { createClusterAccess } from './cluster-access.js';
export type {
  ClusterAccess,
  ClusterClient,
  ClusterIdentity,
  ContextSummary,
  ExecOptions,
  ExecResult,
  PortForwardOptions,
  ProxiedAnswer,
  ProxyGetOptions,
  QueryValue,
  RequestOptions,
} from './cluster-client.js';
export { ClusterConfigError } from './cluster-config-error.js';
export { loadForFirstRequest } from './connection-pool.js';
export type { ApiResource, KubeList, KubeObject, KubeTable } from './kube-object.js';
export { KubernetesError } from './kubernetes-error.js';
export { KUBERNETES_YAML } from './kubernetes-yaml.js';
export type { ApiRequestObserver } from './rest-client.js';
