import { BlockList, isIP } from 'node:net';
import { canonicalIp, ipFamilyOf } from '../net/index.js';

/** A `--trusted-proxies` entry that is not a usable CIDR; the message names the entry. */
export class TrustedProxiesError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'TrustedProxiesError';
  }
}

/** Why `text` is not a CIDR (`10.0.0.0/8`, `fd00::/8`, or one address), or undefined when it is one. */
export function cidrProblem(text: string): string | undefined {
  const [address, prefix, ...rest] = text.trim().split('/');
  const example = 'such as 10.0.0.0/8, 192.168.1.10 or fd00::/8';
  const family = rest.length === 0 ? isIP(address ?? '') : 0;
  if (family === 0) return `takes IP networks ${example}, got ${JSON.stringify(text)}`;
  if (prefix === undefined) return undefined;
  const maxPrefix = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix) {
    return `entry ${JSON.stringify(text)} has a prefix length out of 0-${maxPrefix}`;
  }
  if (Number(prefix) === 0) {
    return (
      `entry ${JSON.stringify(text)} trusts every address: any client could then choose its own IP ` +
      'with X-Forwarded-For; list the networks of your proxies'
    );
  }
  return undefined;
}

/**
 * The reverse proxies whose forwarding headers (X-Forwarded-For, X-Forwarded-Proto) are believed.
 * Nothing else may set them: a client talking to us directly cannot choose its IP or its scheme.
 */
export class TrustedProxies {
  private constructor(
    private readonly networks: BlockList,
    readonly entries: readonly string[],
  ) {}

  static readonly NONE = TrustedProxies.parse([]);

  /** Throws TrustedProxiesError naming every bad entry. */
  static parse(entries: readonly string[]): TrustedProxies {
    const problems = entries.map(cidrProblem).filter((problem) => problem !== undefined);
    if (problems.length > 0) throw new TrustedProxiesError(problems.map((p) => `--trusted-proxies ${p}`));
    const networks = new BlockList();
    for (const entry of entries) {
      const [address, prefix] = entry.trim().split('/');
      const ip = canonicalIp(address ?? '') as string;
      const family = ipFamilyOf(ip);
      networks.addSubnet(ip, prefix === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefix), family);
    }
    return new TrustedProxies(networks, entries);
  }

  /** Whether `address` (any spelling `canonicalIp` accepts) is one of the trusted proxies. */
  includes(address: string | undefined): boolean {
    // Most servers trust no proxy: every request would otherwise pay for parsing its peer's address.
    if (this.entries.length === 0) return false;
    const ip = address === undefined ? undefined : canonicalIp(address);
    return ip !== undefined && this.networks.check(ip, ipFamilyOf(ip));
  }
}
