import type { DownstreamAuthResult, ServerMetrics } from '../observability/index.js';

/** The downstream OAuth counters under the reference's names, read from the Prometheus counter. */
export interface DownstreamAuthSnapshot {
  /** Tool calls made with the user's own identity. */
  perUserAuthSuccess: number;
  /** Tool calls made with the server's credentials because the user's were unavailable (insecure flag). */
  perUserAuthFallback: number;
  /** Tool calls refused because the user's credential could not be obtained. */
  bearerClientFailures: number;
}

export interface ServerMetricsView {
  snapshot(): Promise<DownstreamAuthSnapshot>;
}

export function serverMetricsView(metrics: ServerMetrics): ServerMetricsView {
  return {
    async snapshot() {
      const counts = new Map<string, number>();
      for (const { labels, value } of (await metrics.downstreamAuth.get()).values) {
        counts.set(String(labels.result), value);
      }
      const count = (result: DownstreamAuthResult) => counts.get(result) ?? 0;
      return {
        perUserAuthSuccess: count('success'),
        perUserAuthFallback: count('fallback'),
        bearerClientFailures: count('client_failure'),
      };
    },
  };
}
