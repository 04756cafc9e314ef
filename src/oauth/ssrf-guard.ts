import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { ipFamily, isLoopbackAddress, isNonPublicAddress } from '../net/index.js';

/** Why an address must not be fetched from, or undefined for a public address. */
export function nonPublicAddressReason(address: string): string | undefined {
  if (isLoopbackAddress(address)) return 'a loopback address';
  if (isNonPublicAddress(address)) return 'a private, link-local, multicast or reserved address';
  return undefined;
}

export class NonPublicAddressRefused extends Error {
  override readonly name = 'NonPublicAddressRefused';
  readonly code = 'ERR_NON_PUBLIC_ADDRESS';
}

/**
 * A DNS lookup that fails when a name resolves to any non-public address. It runs inside the
 * connection, so the address checked is the address connected to: DNS rebinding cannot slip between.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    for (const { address } of addresses) {
      const reason = nonPublicAddressReason(address);
      if (reason) return callback(new NonPublicAddressRefused(`${hostname} resolves to ${reason}`), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
    const [first] = addresses;
    if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
    callback(null, first.address, first.family);
  });
};

/**
 * An HTTP client that connects to public addresses only. Literal IP hosts never reach a lookup, so
 * `refuseNonPublicLiteral` must be checked before each request as well.
 */
export function publicOnlyDispatcher(options: { timeoutMs: number }): Agent {
  return new Agent({
    connect: { lookup: publicOnlyLookup, timeout: options.timeoutMs },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
}

/** Throws when the URL's host is a literal non-public IP address. */
export function refuseNonPublicLiteral(url: URL): void {
  const host = url.hostname;
  if (ipFamily(host) === undefined) return;
  const reason = nonPublicAddressReason(host.replace(/^\[|\]$/g, ''));
  if (reason) throw new NonPublicAddressRefused(`${host} is ${reason}`);
}
