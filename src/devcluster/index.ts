export type { DevCluster, DevClusterOptions } from './start.js';
export { startDevCluster } from './start.js';
export type { KubeObject, UserInfo } from './types.js';
