// What the WebSocket subresources (pods/exec, pods/portforward) share: where and as whom they
// connect, and the body of a refused upgrade, which carries the API server's Status.
import type { IncomingMessage } from 'node:http';
import type { CredentialHeaders, TlsSettings } from './cluster-endpoint.js';

export interface UpgradeConnection {
  server: string;
  tls: TlsSettings;
  headers: CredentialHeaders;
}

/** The body of an answer that refused the upgrade (a 403 Status...); what came when it breaks. */
export function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
