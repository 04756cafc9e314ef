import express, { type ErrorRequestHandler, type Express } from 'express';
import { formatByteSize } from '../config/byte-size.js';
import type { Observability } from '../observability/observability.js';
import { type HostRule, rejectForeignHosts } from './host-validation.js';
import { sendJsonRpcError } from './json-rpc-error.js';
import { mountOperations } from './operations-routes.js';

export interface HttpAppOptions {
  hostRules: () => HostRule[];
  maxRequestSize: number;
  /** Request ids, access log, HTTP metrics, and the /healthz and /readyz probes. */
  observability?: Observability;
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

/** The HTTP app in its middleware order: host check, body limit, routes, error answers. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  if (options.observability) mountOperations(app, options.observability);
  app.use(rejectForeignHosts(options.hostRules));
  options.mountBeforeBody?.(app);
  app.use(express.json({ limit: options.maxRequestSize }));
  options.mount(app);
  app.use((_request, response) => sendJsonRpcError(response, 404, 'Not found'));
  app.use(answerBodyErrors(options.maxRequestSize));
  return app;
}
