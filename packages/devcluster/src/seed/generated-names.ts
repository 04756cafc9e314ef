// Random-looking names and ids, derived from a hash of a seed string so that every seed is deterministic.
import { createHash } from 'node:crypto';

// k8s.io/apimachinery/pkg/util/rand: no vowels (no accidental words) and no look-alike characters.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

/** Like the 5 characters generateName appends, e.g. the `x7k2p` of `web-5d8c9b7f4-x7k2p`. */
export function nameSuffix(seed: string, length = 5): string {
  return Array.from(digest(seed).subarray(0, length), (byte) =>
    SAFE_ALPHABET.charAt(byte % SAFE_ALPHABET.length),
  ).join('');
}

/**
 * Like pod-template-hash and controller-revision-hash: the controllers safe-encode the decimal digits
 * of a 32-bit hash, which is why real ones only use the characters 4-9, b, c, d and f.
 */
export function templateHash(seed: string): string {
  const decimal = String(digest(seed).readUInt32BE(0));
  return Array.from(decimal, (digit) =>
    SAFE_ALPHABET.charAt(digit.charCodeAt(0) % SAFE_ALPHABET.length),
  ).join('');
}

/** Hex digits, for container ids and image digests. */
export function hexId(seed: string, length = 64): string {
  return digest(seed).toString('hex').repeat(2).slice(0, length);
}

/** A version-4-looking UUID, for ids the kubelet and provisioners invent (boot ids, volume names). */
export function uuidLike(seed: string): string {
  const hex = hexId(seed, 32);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `a${hex.slice(17, 20)}`,
    hex.slice(20),
  ].join('-');
}

/** The first bytes of the seed's hash, for addresses that must look scattered. */
export function hashBytes(seed: string, count: number): number[] {
  return Array.from(digest(seed).subarray(0, count));
}
