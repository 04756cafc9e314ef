import { installTracing, type TraceExport } from './tracing.js';

/**
 * Loads the OpenTelemetry SDK (only now: it is heavy), sends spans to the collector at `endpoint`,
 * and turns the spans of tracing.ts on until the export is shut down.
 */
export async function startTracing(endpoint: string, serviceVersion: string): Promise<TraceExport> {
  const { startTraceExport } = await import('./trace-export.js');
  const started = startTraceExport(endpoint, serviceVersion);
  installTracing(started.tracing);
  return {
    async shutdown() {
      installTracing(undefined);
      await started.shutdown();
    },
  };
}
