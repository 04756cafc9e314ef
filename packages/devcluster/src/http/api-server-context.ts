// What the simulated kube-apiserver's handlers need from the process that runs them; its own module so that
// every handler module can depend on it without depending on api-server.ts.
import type { IncomingMessage } from 'node:http';
import type { WatchOptions } from '../api/watch-stream.js';
import type { RbacAuthorizer } from '../auth/rbac-authorizer.js';
import type { ServiceAccountTokens } from '../auth/service-account-tokens.js';
import type { SimulatedCluster } from '../cluster.js';
import type { UserInfo } from '../types.js';

export interface ApiServerContext {
  cluster: SimulatedCluster;
  authenticate(headers: IncomingMessage['headers']): Promise<UserInfo | undefined>;
  authorizer: RbacAuthorizer;
  /** Issues the tokens of serviceaccounts/token, which `authenticate` accepts. */
  serviceAccountTokens: ServiceAccountTokens;
  /** host:port clients reach this server at, for /api's serverAddressByClientCIDRs. */
  serverAddress(): string;
  now(): Date;
  watch: WatchOptions;
}
