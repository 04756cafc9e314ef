import { Pool } from 'undici';
import type { TlsSettings } from './cluster-endpoint.js';

/**
 * One keep-alive pool of connections to an API server, reused by every call that presents the
 * same TLS identity (the expensive part of a call is the TCP and TLS handshake, not the request).
 */
export function createConnectionPool(server: string, tls: TlsSettings): Pool {
  return new Pool(new URL(server).origin, { connect: { ...tls } });
}
