import type { Request } from 'express';
import { canonicalIp } from '../net/index.js';
import { TrustedProxies } from './trusted-proxies.js';

/** What a request is known by when its socket has no address (it closed already). */
const UNKNOWN = 'unknown';

/** The X-Forwarded-For entries in order, whether sent as one header or several. */
function forwardedFor(req: Request): string[] {
  const header = req.headers['x-forwarded-for'];
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '');
  return joined
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * The client's IP address. It is the socket's peer unless that peer is a trusted proxy; then the
 * X-Forwarded-For chain is walked from the right (each proxy appends the address it received the
 * request from), past every trusted hop, to the first address no trusted proxy vouches for. Entries
 * left of it were written by the client itself and are never read, so a client cannot choose its IP.
 */
export function clientIpOf(req: Request, trustedProxies: TrustedProxies): string {
  let client = canonicalIp(req.socket.remoteAddress ?? '');
  if (client === undefined) return UNKNOWN;
  const hops = forwardedFor(req);
  while (trustedProxies.includes(client)) {
    const next = hops.pop();
    const address = next === undefined ? undefined : canonicalIp(next);
    // A trusted proxy that forwards no (or a garbled) address is the nearest hop we can name.
    if (address === undefined) break;
    client = address;
  }
  return client;
}

/**
 * `(req) => ip` for the rate limits, the audit log and the OAuth server (`deps.clientIp`).
 * Takes the parsed proxies or the `--trusted-proxies` entries (throws TrustedProxiesError on a bad one).
 */
export function clientIpResolver(
  trustedProxies: TrustedProxies | readonly string[],
): (req: Request) => string {
  const proxies =
    trustedProxies instanceof TrustedProxies ? trustedProxies : TrustedProxies.parse(trustedProxies);
  return (req) => clientIpOf(req, proxies);
}
