// Spans for HTTP requests, tool calls and Kubernetes requests. Off unless --otel-endpoint is set:
// then trace-export.ts loads the OpenTelemetry SDK and installs it here. Until then every call is a
// no-op that loads nothing, so stdio and untraced servers pay neither start-up nor per-call cost.
// Attributes name methods, routes, tools and status codes only: never a token, a session id, an
// email or a query string.
import type { IncomingHttpHeaders } from 'node:http';

export type SpanKind = 'server' | 'client' | 'internal';
export type SpanAttributes = Record<string, string | number | boolean>;

export interface ActiveSpan {
  /** Runs work with this span as the parent of the spans it starts. */
  run<T>(work: () => T): T;
  /** Ends the span, adding attributes; `failed` marks it as an error. */
  end(attributes?: SpanAttributes, failed?: boolean): void;
  rename(name: string): void;
}

export interface TraceExport {
  /** Sends the spans still batched, then stops tracing. */
  shutdown(): Promise<void>;
}

export interface Tracing {
  start(name: string, kind: SpanKind, attributes: SpanAttributes, incoming?: IncomingHttpHeaders): ActiveSpan;
}

const NO_SPAN: ActiveSpan = {
  run: (work) => work(),
  end() {},
  rename() {},
};

let installed: Tracing | undefined;

/** Called by the trace exporter once the SDK is ready; `undefined` turns tracing off again. */
export function installTracing(tracing: Tracing | undefined): void {
  installed = tracing;
}

/** Whether spans are recorded: a caller may skip building attributes nobody will read. */
export function tracingEnabled(): boolean {
  return installed !== undefined;
}

/**
 * Starts a span under the active one (or, for a server span, under the caller's `traceparent`
 * header when it sends one).
 */
export function startSpan(
  name: string,
  kind: SpanKind,
  attributes: SpanAttributes,
  incoming?: IncomingHttpHeaders,
): ActiveSpan {
  return installed ? installed.start(name, kind, attributes, incoming) : NO_SPAN;
}

/** Runs work in a span that ends when the work settles (an error marks it failed). */
export async function inSpan<T>(
  name: string,
  attributes: SpanAttributes,
  work: () => Promise<T>,
  outcome?: (result: T) => { attributes?: SpanAttributes; failed?: boolean },
): Promise<T> {
  // Untraced (stdio, most servers): the work itself, without a wrapping async frame per call.
  if (!installed) return work();
  const span = installed.start(name, 'internal', attributes);
  try {
    const result = await span.run(work);
    const ending = outcome?.(result);
    span.end(ending?.attributes, ending?.failed);
    return result;
  } catch (error) {
    span.end({ 'error.type': error instanceof Error ? error.name : 'unknown' }, true);
    throw error;
  }
}
