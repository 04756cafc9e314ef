export {
  type CheckSeverity,
  type CheckState,
  HealthChecks,
  type HealthProbe,
  type Readiness,
} from './health.js';
export { healthzHandler, readyzHandler } from './health-endpoints.js';
export { InFlight } from './in-flight.js';
export { REDACTED } from './log-redaction.js';
export { createLogger, createStderrLogger, type LoggerSettings } from './logger.js';
export * from './metrics.js';
export { type MetricsListener, startMetricsServer } from './metrics-server.js';
export { createObservability, type Observability } from './observability.js';
export {
  type RequestLogFields,
  requestContextOf,
  requestLogFields,
  shareRequestContext,
} from './request-context.js';
export { inSpan, startSpan, type TraceExport, tracingEnabled } from './tracing.js';
export { startTracing } from './tracing-start.js';
