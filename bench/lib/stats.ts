/** Summary of one series of samples: what the results tables print. */
export interface Summary {
  count: number;
  median: number;
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    count: samples.length,
    median: percentile(samples, 50),
    p99: percentile(samples, 99),
    min: Math.min(...samples),
    max: Math.max(...samples),
  };
}

/** `ours / baseline`, as the tables print it (`1.23x`). */
export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return 'n/a';
  return `${(value / baseline).toFixed(2)}x`;
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** Runs `measure` once per round for each subject, interleaved, so that noise hits all alike. */
export async function interleaved<Subject>(
  rounds: number,
  subjects: readonly Subject[],
  measure: (subject: Subject, round: number) => Promise<void>,
): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const subject of subjects) await measure(subject, round);
  }
}

/** Least-squares slope of `ys` over `xs`: how much y grows per unit of x. */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  const meanX = xs.slice(0, n).reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.slice(0, n).reduce((sum, y) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    covariance += ((xs[i] as number) - meanX) * ((ys[i] as number) - meanY);
    variance += ((xs[i] as number) - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}
