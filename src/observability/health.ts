import type { ServerMetrics } from './metrics.js';

/** Resolves when the dependency is usable; rejects (with the reason) when it is not. */
export type HealthProbe = () => Promise<void>;

/**
 * critical: this replica cannot serve without it (its store): failing makes /readyz answer 503.
 * degraded: shared by every replica (the Kubernetes API, the identity provider): taking all of them
 * out of the load balancer at once would help no one, so it is only reported.
 */
export type CheckSeverity = 'critical' | 'degraded';

export interface CheckState {
  name: string;
  severity: CheckSeverity;
  ok: boolean;
  /** Why it failed; for logs only, never sent to callers (it may name internal hosts). */
  reason?: string;
}

export interface Readiness {
  ready: boolean;
  /** The checks that make this replica not ready (empty when ready). */
  failing: string[];
  checks: CheckState[];
}

interface RegisteredCheck {
  name: string;
  severity: CheckSeverity;
  probe: HealthProbe;
}

export const SHUTTING_DOWN = 'shutting-down';
const PROBE_TIMEOUT_MS = 2000;
const DEGRADED_CACHE_MS = 10_000;

function withTimeout(probe: HealthProbe, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([probe(), timeout]).finally(() => clearTimeout(timer));
}

/**
 * A probe run at most once per `maxAgeMs`: concurrent and repeated callers share one result, so
 * probes and scrapes never add load on a struggling dependency.
 */
export function cachedProbe(probe: HealthProbe, maxAgeMs: number, now = () => Date.now()): HealthProbe {
  let last: { at: number; result: Promise<void> } | undefined;
  return () => {
    if (!last || now() - last.at >= maxAgeMs) {
      const result = probe();
      result.catch(() => {});
      last = { at: now(), result };
    }
    return last.result;
  };
}

/** Liveness, readiness and the state of the dependencies of this replica. */
export class HealthChecks {
  private readonly checks: RegisteredCheck[] = [];
  private shuttingDown = false;
  private readonly lastOk = new Map<string, boolean>();

  constructor(
    private readonly onChange: (state: CheckState) => void = () => {},
    private readonly probeTimeoutMs = PROBE_TIMEOUT_MS,
  ) {}

  /** A dependency this replica cannot serve without; probed on every readiness question. */
  addCriticalCheck(name: string, probe: HealthProbe): void {
    this.checks.push({ name, severity: 'critical', probe });
  }

  /** A shared dependency; probed at most every 10 s, reported but never making the replica unready. */
  addDegradedCheck(name: string, probe: HealthProbe, maxAgeMs = DEGRADED_CACHE_MS): void {
    this.checks.push({ name, severity: 'degraded', probe: cachedProbe(probe, maxAgeMs) });
  }

  /** From now on the replica reports not ready, so load balancers stop sending it new requests. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Readiness; `withDegraded` also probes the shared dependencies (for ?verbose and metrics). */
  async readiness(withDegraded: boolean): Promise<Readiness> {
    const probed = this.checks.filter((check) => withDegraded || check.severity === 'critical');
    const checks = await Promise.all(probed.map((check) => this.run(check)));
    const failing = checks.filter((check) => check.severity === 'critical' && !check.ok).map((c) => c.name);
    if (this.shuttingDown) failing.unshift(SHUTTING_DOWN);
    return { ready: failing.length === 0, failing, checks };
  }

  /** `mcp_kubernetes_health_check_up{check,severity}` and `mcp_kubernetes_ready`, read on scrape. */
  registerGauges(metrics: ServerMetrics): void {
    const health = this;
    metrics.collectedGauge({
      name: 'mcp_kubernetes_health_check_up',
      help: '1 when the dependency answers its health check, 0 when not',
      labelNames: ['check', 'severity'] as const,
      async collect() {
        for (const check of (await health.readiness(true)).checks) {
          this.set({ check: check.name, severity: check.severity }, check.ok ? 1 : 0);
        }
      },
    });
    metrics.gaugeReadOnScrape(
      'ready',
      '1 when this replica is ready to serve (what /readyz answers), 0 when not',
      async () => ((await health.readiness(false)).ready ? 1 : 0),
    );
  }

  private async run(check: RegisteredCheck): Promise<CheckState> {
    const base = { name: check.name, severity: check.severity };
    const state: CheckState = await withTimeout(check.probe, this.probeTimeoutMs).then(
      () => ({ ...base, ok: true }),
      (error: unknown) => ({
        ...base,
        ok: false,
        reason: error instanceof Error ? error.message : String(error),
      }),
    );
    const previous = this.lastOk.get(check.name);
    // A first success is not news; a first failure and every change afterwards are.
    if (previous !== state.ok && (previous !== undefined || !state.ok)) {
      this.lastOk.set(check.name, state.ok);
      this.onChange(state);
    }
    return state;
  }
}
