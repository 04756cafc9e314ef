// The hashes controllers name their children by: pod-template-hash and controller-revision-hash.

// k8s.io/apimachinery/pkg/util/rand's alphabet: no vowels, so that no hash spells a word.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv32a(bytes: Uint8Array, seed = FNV_OFFSET_BASIS): number {
  let hash = seed;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, FNV_PRIME) >>> 0;
  return hash;
}

/** JSON with sorted keys, so that the same content always hashes alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** rand.SafeEncodeString: each character mapped into the safe alphabet by its code. */
export function safeEncode(text: string): string {
  return Array.from(text, (char) => SAFE_ALPHABET.charAt(char.charCodeAt(0) % SAFE_ALPHABET.length)).join('');
}

/**
 * controller.ComputeHash: FNV-32a of the content, then of the collision count as 8 little-endian bytes,
 * with the decimal digits safe-encoded. Go hashes its spew dump of the struct; we hash canonical JSON,
 * so the hashes look and behave like real ones without being byte-identical.
 */
export function computeHash(content: unknown, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(content)));
  if (collisionCount !== undefined) {
    const countBytes = new Uint8Array(8);
    new DataView(countBytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(countBytes, hash);
  }
  return safeEncode(String(hash));
}
