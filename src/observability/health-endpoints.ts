import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthChecks, Readiness } from './health.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

function answer(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}

function wantsVerbose(request: IncomingMessage): boolean {
  return new URL(request.url ?? '/', 'http://localhost').searchParams.has('verbose');
}

/** kube-apiserver's layout: `[+]name ok`, `[-]name failed`, and degraded shared dependencies as `[!]`. */
function verboseBody(readiness: Readiness): string {
  const lines = readiness.checks.map((check) => {
    if (check.ok) return `[+]${check.name} ok`;
    return check.severity === 'critical' ? `[-]${check.name} failed` : `[!]${check.name} degraded`;
  });
  if (readiness.failing.includes('shutting-down')) lines.unshift('[-]shutting-down failed');
  lines.push(readiness.ready ? 'readyz check passed' : 'readyz check failed');
  return `${lines.join('\n')}\n`;
}

/** `/healthz`: the process is alive and its event loop answers; nothing else is checked. */
export function healthzHandler(): Handler {
  return (_request, response) => answer(response, 200, 'ok\n');
}

/**
 * `/readyz`: 200 when this replica can serve, else 503 naming the checks that fail. Failure reasons
 * stay in the log: the body is public on the main listener and may not describe internal hosts.
 */
export function readyzHandler(health: HealthChecks): Handler {
  return (request, response) => {
    const verbose = wantsVerbose(request);
    void health.readiness(verbose).then((readiness) => {
      const status = readiness.ready ? 200 : 503;
      if (verbose) return answer(response, status, verboseBody(readiness));
      if (readiness.ready) return answer(response, status, 'ok\n');
      const failed = readiness.failing.map((name) => `[-]${name} failed`).join('\n');
      answer(response, status, `${failed}\nreadyz check failed\n`);
    });
  };
}
