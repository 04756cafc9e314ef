// Everything this server keeps for one cluster (one context): its endpoint, the two connection
// pools (the kubeconfig's identity, and bearer tokens, which need no client certificate and so
// share one pool whoever they belong to), the discovery cache, and the server's own client.
import type { Clock } from './clock.js';
import { bearerTokenEndpoint, type ClusterEndpoint, impersonatingEndpoint } from './cluster-endpoint.js';
import { type ConnectionPool, createConnectionPool } from './connection-pool.js';
import { DiscoveryCache } from './discovery.js';
import { type ApiRequestObserver, RestClient } from './rest-client.js';
import { TokenBucket } from './token-bucket.js';

export interface ClientSettings {
  qps: number;
  burst: number;
  requestTimeoutMs: number;
  clock: Clock;
  observeRequest?: ApiRequestObserver;
}

export class ClusterSite {
  private readonly discovery = new DiscoveryCache();
  private ownPool: ConnectionPool | undefined;
  private bearerPool: ConnectionPool | undefined;
  private ownClient: RestClient | undefined;

  constructor(
    private readonly endpoint: ClusterEndpoint,
    private readonly settings: ClientSettings,
  ) {}

  /** The client that uses the kubeconfig's (or service account's) own credentials. */
  serverClient(): RestClient {
    this.ownPool ??= createConnectionPool(this.endpoint.server, this.endpoint.tls);
    this.ownClient ??= this.client(this.endpoint, this.ownPool);
    return this.ownClient;
  }

  /** A new client acting as the holder of `token`; the caller caches it. */
  bearerClient(token: string): RestClient {
    const endpoint = bearerTokenEndpoint(this.endpoint, token);
    this.bearerPool ??= createConnectionPool(endpoint.server, endpoint.tls);
    return this.client(endpoint, this.bearerPool);
  }

  /**
   * A new client with the server's own credential impersonating `user`; the caller caches it. It
   * shares the server client's pool: it presents the same TLS identity.
   */
  impersonatingClient(user: string, groups: readonly string[]): RestClient {
    this.ownPool ??= createConnectionPool(this.endpoint.server, this.endpoint.tls);
    return this.client(impersonatingEndpoint(this.endpoint, user, groups), this.ownPool);
  }

  async close(): Promise<void> {
    await Promise.all([this.ownPool?.close(), this.bearerPool?.close()]);
  }

  private client(endpoint: ClusterEndpoint, pool: ConnectionPool): RestClient {
    const { qps, burst, requestTimeoutMs, clock, observeRequest } = this.settings;
    return new RestClient({
      ...(observeRequest ? { observeRequest } : {}),
      endpoint,
      pool,
      discovery: this.discovery,
      limiter: new TokenBucket({ qps, burst, now: () => clock.now() }),
      clock,
      requestTimeoutMs,
    });
  }
}
