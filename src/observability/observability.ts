import type { Logger } from 'pino';
import { HealthChecks } from './health.js';
import { InFlight } from './in-flight.js';
import { ServerMetrics } from './metrics.js';

/** What the server's parts report to: one object handed to the HTTP app and the MCP runtime. */
export interface Observability {
  logger: Logger;
  metrics: ServerMetrics;
  health: HealthChecks;
  /** HTTP requests and tool calls in progress, which a graceful shutdown lets finish. */
  work: InFlight;
}

/** `recordMetrics: false` when no metrics listener will serve them (stdio without --metrics-addr). */
export function createObservability(
  logger: Logger,
  options: { recordMetrics?: boolean } = {},
): Observability {
  const metrics = new ServerMetrics(options);
  const health = new HealthChecks((check) => {
    if (check.ok) logger.info({ check: check.name }, 'health check passes again');
    else
      logger.warn(
        { check: check.name, severity: check.severity, reason: check.reason },
        'health check fails',
      );
  });
  health.registerGauges(metrics);
  return { logger, metrics, health, work: new InFlight() };
}
