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
 * Does now what the first Kubernetes request of a process would do first: loads undici's Pool, and
 * has Node.js parse its bundled root certificates, which it does at the first TLS context it makes,
 * even one given a kubeconfig's own CA (Node 20 builds its root store to tell the two apart: 17-26 ms
 * and 1.9 MiB here). A stdio server runs this while the agent's first question is being written;
 * that question's answer then comes in about half the time (bench/README.md, "Eighth round").
 */
export async function loadForFirstRequest(): Promise<void> {
  const { createSecureContext } = await import('node:tls');
  createSecureContext();
  await loadPoolClass();
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
