import { isRecord, type JsonRecord } from './records.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

const REDACTED = /^<redacted: \d+ bytes>$/;

/**
 * A copy of `value` in which every Secret, at any depth (lists, Table rows, kubectl's last-applied
 * annotation), shows `<redacted: N bytes>` instead of each `data`/`stringData` value. Keys, type and
 * metadata stay visible. The input is never mutated; unchanged branches are shared, not copied.
 */
export function maskSecrets<T>(value: T): T {
  return maskValue(value, false) as T;
}

function maskValue(value: unknown, isSecret: boolean): unknown {
  if (Array.isArray(value)) return mapArray(value, (item) => maskValue(item, isSecret));
  if (!isRecord(value)) return value;
  // Items of a typed list usually come without their own `kind`, so the list's kind speaks for them.
  const itemsAreSecrets = value.kind === 'SecretList';
  let masked = mapRecord(value, (child, key) => maskValue(child, key === 'items' && itemsAreSecrets));
  if (isSecret || looksLikeSecret(masked)) masked = redactSecretValues(masked);
  return maskLastApplied(masked);
}

/** Objects without a `kind` (in a Table row, say) still count when they carry a Secret's fields. */
function looksLikeSecret(record: JsonRecord): boolean {
  if (record.kind === 'Secret') return true;
  return (
    record.kind === undefined &&
    typeof record.type === 'string' &&
    isRecord(record.metadata) &&
    (isRecord(record.data) || isRecord(record.stringData))
  );
}

function redactSecretValues(secret: JsonRecord): JsonRecord {
  return mapRecord(secret, (value, key) => {
    if (!isRecord(value)) return value;
    if (key === 'data') return mapRecord(value, (text) => redact(text, decodedSize));
    if (key === 'stringData') return mapRecord(value, (text) => redact(text, utf8Size));
    return value;
  });
}

function redact(value: unknown, sizeOf: (text: string) => number): string {
  if (typeof value !== 'string') return '<redacted: 0 bytes>';
  if (REDACTED.test(value)) return value;
  return `<redacted: ${sizeOf(value)} bytes>`;
}

function decodedSize(base64: string): number {
  return Buffer.from(base64, 'base64').length;
}

function utf8Size(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** kubectl apply keeps the whole applied object, Secret values included, in an annotation. */
function maskLastApplied(record: JsonRecord): JsonRecord {
  const metadata = record.metadata;
  if (!isRecord(metadata) || !isRecord(metadata.annotations)) return record;
  const applied = metadata.annotations[LAST_APPLIED_ANNOTATION];
  if (typeof applied !== 'string') return record;
  const masked = maskAppliedConfiguration(applied, looksLikeSecret(record));
  if (masked === applied) return record;
  const annotations = { ...metadata.annotations, [LAST_APPLIED_ANNOTATION]: masked };
  return { ...record, metadata: { ...metadata, annotations } };
}

function maskAppliedConfiguration(applied: string, onSecret: boolean): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(applied);
  } catch {
    // Unreadable, so it cannot be masked key by key: on a Secret it goes entirely.
    return onSecret ? `<redacted: ${utf8Size(applied)} bytes>` : applied;
  }
  const masked = maskValue(parsed, onSecret);
  return masked === parsed ? applied : JSON.stringify(masked);
}

function mapArray(array: unknown[], map: (item: unknown) => unknown): unknown[] {
  let result: unknown[] | undefined;
  array.forEach((item, index) => {
    const mapped = map(item);
    if (mapped === item) return;
    result ??= [...array];
    result[index] = mapped;
  });
  return result ?? array;
}

function mapRecord(record: JsonRecord, map: (value: unknown, key: string) => unknown): JsonRecord {
  let result: JsonRecord | undefined;
  for (const [key, value] of Object.entries(record)) {
    const mapped = map(value, key);
    if (mapped === value) continue;
    result ??= { ...record };
    result[key] = mapped;
  }
  return result ?? record;
}
