import { hkdfSync, randomBytes } from 'node:crypto';

/** Where the key that hashes identities in the audit log came from. */
export type AuditKeySource = 'audit-hmac-key' | 'encryption-key' | 'random';

export interface AuditKey {
  readonly key: Buffer;
  readonly source: AuditKeySource;
}

export const MIN_AUDIT_HMAC_KEY_LENGTH = 32;
const KEY_BYTES = 32;
// Distinct from every other use of the encryption key (the browser-binding key is another HKDF info).
const HKDF_INFO = 'mcp-kubernetes audit identity hmac';

/**
 * The key of the audit log's identity hashes. Stable per deployment when it can be: the
 * `--audit-hmac-key`, else one derived from the encryption key with HKDF (every replica shares it),
 * else random per process, which makes hashes incomparable across restarts and replicas (the start-up
 * warnings say so).
 */
export function resolveAuditKey(
  hmacKey: string | undefined,
  encryptionKey: Buffer | undefined,
  random: (size: number) => Buffer = randomBytes,
): AuditKey {
  if (hmacKey !== undefined) return { key: Buffer.from(hmacKey, 'utf8'), source: 'audit-hmac-key' };
  if (encryptionKey !== undefined) {
    return {
      key: Buffer.from(hkdfSync('sha256', encryptionKey, '', HKDF_INFO, KEY_BYTES)),
      source: 'encryption-key',
    };
  }
  return { key: random(KEY_BYTES), source: 'random' };
}
