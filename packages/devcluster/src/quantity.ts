// resource.Quantity as numbers: parsed for arithmetic (scheduling, quotas, metrics) and printed
// back in the canonical form the API server stores and prints.

const SUFFIXES: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A resource.Quantity as a number: `500m` is 0.5, `12Gi` is 12 * 2^30. */
export function quantity(text: string | undefined): number {
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(text ?? '');
  if (!match) return 0;
  return Number(match[1]) * (SUFFIXES[match[2] ?? ''] ?? 1);
}

/** CPU as kube prints a sum: whole cores, else millicores. */
export function cpuText(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes with the largest binary (or else decimal) suffix that divides them, as a Quantity canonicalizes. */
export function bytesText(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [suffix, size] of [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
    ['G', 1e9],
    ['M', 1e6],
    ['k', 1e3],
  ] as const) {
    if (bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}
