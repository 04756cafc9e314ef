import { BlockList, isIP, isIPv4, isIPv6 } from 'node:net';

// The one answer to "is this host loopback / private?" for every layer: settings checks, redirect URIs,
// the SSRF guard, HTTPS rules. Node's BlockList matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the
// IPv4 ranges, so those spellings cannot slip past.

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Addresses that are not a public host: a request there targets the user's own network or nothing. */
const nonPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv6');
}

/** The IP family of a literal address (IPv6 with or without brackets), or undefined for a name. */
export function ipFamily(host: string): 'ipv4' | 'ipv6' | undefined {
  if (isIPv4(host)) return 'ipv4';
  return isIPv6(unbracket(host)) ? 'ipv6' : undefined;
}

/**
 * 127.0.0.0/8 and ::1 (IPv4-mapped forms included), written as an address. Numeric tricks such as
 * `0x7f.1` or `2130706433` are not addresses here: the URL parser turns them into `127.0.0.1` first.
 */
export function isLoopbackAddress(host: string): boolean {
  const family = ipFamily(host);
  return family !== undefined && loopback.check(unbracket(host), family);
}

/** `localhost` or a loopback address, as a URL's hostname or a listen address writes it. */
export function isLoopbackHost(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host);
}

/** Private, link-local, unspecified, multicast and reserved addresses (IPv4-mapped forms included). */
export function isNonPublicAddress(host: string): boolean {
  const family = ipFamily(host);
  return family !== undefined && nonPublic.check(unbracket(host), family);
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

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

/** The family of an address `canonicalIp` returned. */
export function ipFamilyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}
