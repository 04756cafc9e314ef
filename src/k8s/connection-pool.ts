import type { Pool } from 'undici';
import { bufferedExchange, type PoolAnswer, type PoolRequest } from './buffered-exchange.js';
import type { TlsSettings } from './cluster-endpoint.js';

/** What the REST layer asks of a pool. */
export interface ConnectionPool {
  exchange(request: PoolRequest): Promise<PoolAnswer>;
  close(): Promise<void>;
}

/**
 * undici's Pool module alone (the pool, its HTTP/1.1 client and the parser) is under half of
 * undici's index, which adds fetch, WebSocket, cookies and the rest that no Kubernetes request
 * uses: the first request of a process compiles 0.35 MB instead of 0.75 MB. The module exports the
 * class, which is its default export under ESM. The OAuth server imports undici's index, which
 * shares this module with us (one Pool class, bundled once).
 */
async function loadPoolClass(): Promise<typeof Pool> {
  return (await import('undici/lib/dispatcher/pool.js')).default;
}

/**
 * One keep-alive pool of connections to an API server, reused by every call that presents the
 * same TLS identity (the expensive part of a call is the TCP and TLS handshake, not the request).
 * undici, a megabyte of code, is loaded by the first request: start-up and initialize never need it.
 */
export function createConnectionPool(server: string, tls: TlsSettings): ConnectionPool {
  const origin = new URL(server).origin;
  let pool: Promise<Pool> | undefined;
  const open = () => {
    pool ??= loadPoolClass().then((Pool) => new Pool(origin, { connect: { ...tls } }));
    return pool;
  };
  return {
    async exchange(request) {
      return bufferedExchange(await open(), request);
    },
    async close() {
      if (pool) await (await pool).close();
    },
  };
}
