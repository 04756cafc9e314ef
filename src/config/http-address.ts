import { isIP } from 'node:net';

export interface HttpAddress {
  /** '' listens on every interface, as `:8080` does in Go. */
  host: string;
  port: number;
}

const ADDRESS = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/;

/** `127.0.0.1:8080`, `localhost:8080`, `[::1]:8080`, `:8080`, `0.0.0.0:8080`. */
export function parseHttpAddress(text: string): HttpAddress | undefined {
  const match = ADDRESS.exec(text.trim());
  if (!match) return undefined;
  const host = match[1] ?? match[2] ?? '';
  const port = Number(match[3]);
  if (port > 65535) return undefined;
  if (match[1] !== undefined && isIP(host) !== 6) return undefined;
  return { host, port };
}

/** The host as it appears in a URL or a Host header: IPv6 in brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}
