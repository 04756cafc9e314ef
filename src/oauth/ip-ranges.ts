import { BlockList, isIPv4, isIPv6 } from 'node:net';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Addresses that are not a public host: a redirect there targets the user's own network or nothing. */
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

/** 127.0.0.0/8 and ::1 (IPv4-mapped forms included). */
export function isLoopbackAddress(host: string): boolean {
  const family = ipFamily(host);
  return family !== undefined && loopback.check(unbracket(host), family);
}

/** Private, link-local, unspecified, multicast and reserved addresses (IPv4-mapped forms included). */
export function isNonPublicAddress(host: string): boolean {
  const family = ipFamily(host);
  return family !== undefined && nonPublic.check(unbracket(host), family);
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
