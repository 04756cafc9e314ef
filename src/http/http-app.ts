import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { formatByteSize } from '../config/index.js';
import type { Observability } from '../observability/index.js';
import { type HostRule, rejectForeignHosts } from './host-validation.js';
import { sendJsonRpcError } from './json-rpc-error.js';
import { mountOperations } from './operations-routes.js';
import { guardRequestBodies, refuseDeclaredBodyAbove } from './request-body-guard.js';

export interface HttpAppOptions {
  hostRules: () => HostRule[];
  maxRequestSize: number;
  /** How long a request body may stop arriving before it is refused (default: 5 s). */
  bodyIdleTimeoutMs?: number;
  /** The MCP endpoints, whose JSON POSTs the body guard lets on at once (see guardRequestBodies). */
  mcpPaths?: readonly string[];
  /** Request ids, access log, HTTP metrics, and the /healthz and /readyz probes. */
  observability?: Observability;
  /** Security headers, the HTTPS rule and CORS: before the host check, so its refusals carry them. */
  beforeHostCheck?: RequestHandler[];
  /** Cross-origin requests CORS decides, which the host check then lets through. */
  acceptsOrigin?: (path: string, origin: string) => boolean;
  /** The per-IP rate limit: after the host check, before any route. */
  afterHostCheck?: RequestHandler[];
  /** Routes that parse their own bodies (the OAuth endpoints), mounted before the JSON parser. */
  mountBeforeBody?(app: Express): void;
  /** Mounts the MCP transports' routes. */
  mount(app: Express): void;
}

function answerBodyErrors(maxRequestSize: number): ErrorRequestHandler {
  return (error: { type?: string; status?: number }, _request, response, next) => {
    if (response.headersSent) return next(error);
    if (error.type === 'entity.too.large') {
      return sendJsonRpcError(response, 413, `Request body larger than ${formatByteSize(maxRequestSize)}`);
    }
    if (error.type === 'entity.parse.failed') return sendJsonRpcError(response, 400, 'Parse error', -32700);
    return sendJsonRpcError(response, error.status ?? 500, 'Internal server error', -32603);
  };
}

/**
 * The HTTP app in its middleware order: the body guard, probes, security headers/HTTPS/CORS, host check, per-IP
 * limit, OAuth routes, body limit, MCP routes, error answers.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(guardRequestBodies(options.bodyIdleTimeoutMs, options.mcpPaths));
  if (options.observability) mountOperations(app, options.observability);
  for (const middleware of options.beforeHostCheck ?? []) app.use(middleware);
  app.use(rejectForeignHosts(options.hostRules, options.acceptsOrigin));
  for (const middleware of options.afterHostCheck ?? []) app.use(middleware);
  options.mountBeforeBody?.(app);
  app.use(refuseDeclaredBodyAbove(options.maxRequestSize), express.json({ limit: options.maxRequestSize }));
  options.mount(app);
  app.use((_request, response) => sendJsonRpcError(response, 404, 'Not found'));
  app.use(answerBodyErrors(options.maxRequestSize));
  return app;
}
