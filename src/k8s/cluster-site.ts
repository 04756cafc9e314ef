// Everything this server keeps for one cluster (one context): its endpoint, the two connection
// pools (the kubeconfig's identity, and bearer tokens, which need no client certificate and so
// share one pool whoever they belong to), the discovery cache, and the server's own client.
import type { Pool } from 'undici';
import type { Clock } from './clock.js';
import { bearerTokenEndpoint, type ClusterEndpoint } from './cluster-endpoint.js';
import { createConnectionPool } from './connection-pool.js';
import { DiscoveryCache } from './discovery.js';
import { RestClient } from './rest-client.js';
import { TokenBucket } from './token-bucket.js';

export interface ClientSettings {
  qps: number;
  burst: number;
  requestTimeoutMs: number;
  clock: Clock;
}

export class ClusterSite {
  private readonly discovery = new DiscoveryCache();
  private ownPool: Pool | undefined;
  private bearerPool: Pool | undefined;
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

  async close(): Promise<void> {
    await Promise.all([this.ownPool?.close(), this.bearerPool?.close()]);
  }

  private client(endpoint: ClusterEndpoint, pool: Pool): RestClient {
    const { qps, burst, requestTimeoutMs, clock } = this.settings;
    return new RestClient({
      endpoint,
      pool,
      discovery: this.discovery,
      limiter: new TokenBucket({ qps, burst, now: () => clock.now() }),
      clock,
      requestTimeoutMs,
    });
  }
}
