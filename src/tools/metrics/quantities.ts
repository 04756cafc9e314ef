// Kubernetes resource quantities ("250m", "1.5", "123456n", "64Mi", "1e3") as numbers, and back in
// the units kubectl top prints: millicores for CPU, mebibytes for memory.

const MULTIPLIERS: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** A quantity's value in base units (cores, bytes); undefined when it is not a quantity. */
export function parseQuantity(text: string | undefined): number | undefined {
  const match = QUANTITY.exec(text?.trim() ?? '');
  if (!match) return undefined;
  const [, number = '', exponent, suffix = ''] = match;
  const multiplier = exponent !== undefined ? 10 ** Number(exponent) : (MULTIPLIERS[suffix] ?? 1);
  return Number(number) * multiplier;
}

/** CPU cores as millicores, rounded as kubectl top rounds them. */
export function millicores(cores: number): number {
  return Math.round(cores * 1000);
}

export function formatCpu(milli: number): string {
  return `${milli}m`;
}

export function formatMemory(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)}Mi`;
}

/** `used` as a whole percentage of `of`; undefined when there is nothing to compare with. */
export function percentOf(used: number, of: number | undefined): number | undefined {
  return of !== undefined && of > 0 ? Math.round((used / of) * 100) : undefined;
}
