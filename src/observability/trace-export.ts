// The OpenTelemetry SDK behind --otel-endpoint: spans batched to an OTLP/HTTP collector. Loaded with
// import() only when the flag is set (the SDK and exporter are heavy, and most servers never trace).
import { type Attributes, context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ActiveSpan, SpanKind as OurSpanKind, TraceExport, Tracing } from './tracing.js';

const KINDS: Record<OurSpanKind, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  internal: SpanKind.INTERNAL,
};

/** `http://collector:4318` means its standard traces path; a URL with a path is used as it is. */
export function tracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/traces';
  return url.toString();
}

export function startTraceExport(
  endpoint: string,
  serviceVersion: string,
): TraceExport & { tracing: Tracing } {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'mcp-kubernetes', 'service.version': serviceVersion }),
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: tracesUrl(endpoint) }) }),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const tracer = provider.getTracer('mcp-kubernetes', serviceVersion);

  const tracing: Tracing = {
    start(name, kind, attributes, incoming) {
      const parent = incoming ? propagation.extract(context.active(), incoming) : context.active();
      const span = tracer.startSpan(name, { kind: KINDS[kind], attributes }, parent);
      const spanContext = trace.setSpan(parent, span);
      const active: ActiveSpan = {
        run: (work) => context.with(spanContext, work),
        end(more?: Attributes, failed?: boolean) {
          if (more) span.setAttributes(more);
          if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
        rename: (newName) => span.updateName(newName),
      };
      return active;
    },
  };
  return {
    tracing,
    async shutdown() {
      await provider.shutdown();
      contextManager.disable();
      context.disable();
      propagation.disable();
    },
  };
}
