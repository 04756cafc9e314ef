import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { InFlight } from './in-flight.js';
import { methodLabel, type ServerMetrics } from './metrics.js';
import { chooseRequestId, setRequestContext } from './request-context.js';
import { startSpan } from './tracing.js';

export interface RequestObservers {
  logger: Logger;
  metrics: ServerMetrics;
  /** Work a graceful shutdown waits for. */
  work: InFlight;
}

const REQUEST_ID_HEADER = 'x-request-id';

/**
 * The route's template (`/mcp`, `/oauth/token`), never the raw path: raw paths and query strings
 * carry ids and authorization codes, and would make a new metric series per request.
 */
function routeTemplate(request: Request): string {
  const path: unknown = request.route?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : 'unmatched';
}

/** A long-lived event stream (an MCP GET stream, the legacy SSE stream) is not work to drain. */
function isEventStream(request: Request): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/event-stream');
}

function finished(response: Response): Promise<void> {
  return new Promise((resolve) => response.once('close', resolve));
}

/**
 * First in the chain: gives the request an id (echoed as X-Request-Id; the lines logged while it is
 * served name it through `requestLogFields`), times it for the metrics, logs one line when it ends,
 * and counts it as work in flight. Logs the route template, never the URL, headers or body.
 */
export function observeRequests(observers: RequestObservers): RequestHandler {
  const { logger, metrics, work } = observers;
  return (request, response, next) => {
    const requestId = chooseRequestId(request.headers[REQUEST_ID_HEADER]);
    setRequestContext(request, { requestId });
    response.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    const span = startSpan(
      `HTTP ${request.method}`,
      'server',
      { 'http.request.method': methodLabel(request.method), 'url.scheme': request.protocol },
      request.headers,
    );
    const done = finished(response);
    if (!isEventStream(request)) {
      work.track(done);
      metrics.httpRequestsInFlight.inc();
      void done.then(() => metrics.httpRequestsInFlight.dec());
    }
    void done.then(() => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const labels = {
        method: methodLabel(request.method),
        route: routeTemplate(request),
        status: String(response.statusCode),
      };
      metrics.httpRequestDuration.observe(labels, seconds);
      span.rename(`${labels.method} ${labels.route}`);
      span.end(
        { 'http.route': labels.route, 'http.response.status_code': response.statusCode },
        response.statusCode >= 500,
      );
      logger.info(
        { requestId, ...labels, durationMs: Math.round(seconds * 1000), aborted: !response.writableFinished },
        'HTTP request finished',
      );
    });
    span.run(next);
  };
}
