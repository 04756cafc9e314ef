import type { Pool } from 'undici';
import { bufferedExchange, type PoolAnswer, type PoolRequest } from './buffered-exchange.js';
import type { TlsSettings } from './cluster-endpoint.js';

/** What the REST layer asks of a pool. */
export interface ConnectionPool {
  exchange(request: PoolRequest): Promise<PoolAnswer>;
  close(): Promise<void>;
}

async function loadPoolClass(): Promise<typeof Pool> {
  const undici = await import('undici');
  // Bundled by esbuild, a lazily imported CommonJS package has only its default export.
  return undici.Pool ?? undici.default.Pool;
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
