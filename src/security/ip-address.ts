import { isIP } from 'node:net';

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;
const BRACKETED_WITH_PORT = /^\[([^\]]+)\](?::\d{1,5})?$/;
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;

/**
 * An address in one canonical spelling, or undefined when the text is not an IP address. Accepts the
 * forms sockets and proxies write: `[::1]`, `[::1]:443`, `1.2.3.4:5678`, IPv4-mapped IPv6 (as a
 * dual-stack socket reports IPv4 peers), zone ids. Rate-limit keys and audit hashes use this spelling,
 * so one client is one key however it was written.
 */
export function canonicalIp(text: string): string | undefined {
  let address = text.trim();
  address = BRACKETED_WITH_PORT.exec(address)?.[1] ?? IPV4_WITH_PORT.exec(address)?.[1] ?? address;
  address = address.replace(/%.*$/, '');
  const mapped = MAPPED_IPV4.exec(address)?.[1];
  if (mapped !== undefined && isIP(mapped) === 4) return mapped;
  const family = isIP(address);
  if (family === 4) return address;
  if (family === 6) return address.toLowerCase();
  return undefined;
}

export function ipFamilyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}
