export { generateServingCertificates, type ServingCertificates } from './http/tls-certificates.js';
export { buildKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
export type { DevCluster, DevClusterOptions } from './start.js';
export { startDevCluster } from './start.js';
export type { KubeObject, UserInfo } from './types.js';
