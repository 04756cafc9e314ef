import type { RequestHandler } from 'express';
import { sendJsonRpcError } from './json-rpc-error.js';

/** A name a request may address this server by; without a port, any port. */
export interface HostRule {
  hostname: string;
  port?: number;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

export function loopbackHostRules(port: number): HostRule[] {
  return LOOPBACK_NAMES.map((hostname) => ({ hostname, port }));
}

/** `example.com`, `example.com:8443`, `[::1]:8080`, as --allowed-hosts takes them. */
export function parseHostRule(text: string): HostRule {
  const url = new URL(`http://${text.trim()}`);
  return url.port ? { hostname: url.hostname, port: Number(url.port) } : { hostname: url.hostname };
}

function matches(rules: HostRule[], hostname: string, port: number): boolean {
  const name = hostname.toLowerCase();
  return rules.some((rule) => rule.hostname.toLowerCase() === name && (rule.port ?? port) === port);
}

function parsed(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Why a request's Host or Origin header is refused, or undefined when both are allowed. */
export function foreignHostProblem(
  rules: HostRule[],
  host: string | undefined,
  origin: string | undefined,
): string | undefined {
  if (!host) return 'Missing Host header';
  const hostUrl = parsed(`http://${host}`);
  if (!hostUrl || !matches(rules, hostUrl.hostname, Number(hostUrl.port || 80))) {
    return `Host "${host}" is not allowed (DNS rebinding protection; see --allowed-hosts)`;
  }
  if (origin === undefined) return undefined;
  const originUrl = parsed(origin);
  const originPort = originUrl && Number(originUrl.port || DEFAULT_PORTS[originUrl.protocol]);
  if (!originUrl || !originPort || !matches(rules, originUrl.hostname, originPort)) {
    return `Origin "${origin}" is not allowed (DNS rebinding protection; see --allowed-hosts)`;
  }
  return undefined;
}

/**
 * Refuses requests whose Host or Origin is not a name of this server: a web page that rebinds
 * its own DNS name to 127.0.0.1 must not reach a local server. The rules are read per request
 * because the port is known only once the server listens.
 */
export function rejectForeignHosts(
  rules: () => HostRule[],
  /** Cross-origin requests the CORS policy decides (open OAuth endpoints, --allowed-origins). */
  acceptsOrigin: (path: string, origin: string) => boolean = () => false,
): RequestHandler {
  return (request, response, next) => {
    const origin = request.headers.origin;
    const checkedOrigin = origin && acceptsOrigin(request.path, origin) ? undefined : origin;
    const problem = foreignHostProblem(rules(), request.headers.host, checkedOrigin);
    if (problem) sendJsonRpcError(response, 403, problem);
    else next();
  };
}
