// Test kit for programs that run against the simulator: kubectl, Helm, a raw API client, and a cluster
// with OIDC users. Exported as `@mcp-kubernetes/devcluster/testing`.
export { apiClient } from './api-client.js';
export { type CliBinary, cliBinary } from './cli-binaries.js';
export { type ClusterWithUsers, startClusterWithUsers } from './cluster-with-users.js';
export { Helm } from './helm.js';
export { Kubectl, kubectlAvailability } from './kubectl.js';
