import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthChecks } from './health.js';
import { healthzHandler, readyzHandler } from './health-endpoints.js';
import type { ServerMetrics } from './metrics.js';

export interface MetricsListener {
  host: string;
  port: number;
  /** `http://host:port/metrics` */
  url: string;
  close(): Promise<void>;
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  response.end('not found: this listener serves /metrics, /healthz and /readyz\n');
}

async function serveMetrics(metrics: ServerMetrics, response: ServerResponse): Promise<void> {
  try {
    const { contentType, text } = await metrics.scrape();
    response.writeHead(200, { 'content-type': contentType });
    response.end(text);
  } catch {
    response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('metrics could not be collected\n');
  }
}

/**
 * The Prometheus listener (--metrics-addr): a plain Node server apart from the MCP one, so that
 * metrics are never exposed where clients connect, and probes also work here.
 */
export async function startMetricsServer(
  address: { host: string; port: number },
  metrics: ServerMetrics,
  health: HealthChecks,
): Promise<MetricsListener> {
  // Loaded with the listener, not at the first scrape: the default metrics (GC, event loop) count from here.
  await metrics.load();
  // Only now: over stdio without a listener, node:http is never loaded.
  const { createServer } = await import('node:http');
  const healthz = healthzHandler();
  const readyz = readyzHandler(health);
  const server = createServer((request, response) => {
    const path = pathOf(request);
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(response);
    if (path === '/metrics') return void serveMetrics(metrics, response);
    if (path === '/healthz') return healthz(request, response);
    if (path === '/readyz') return readyz(request, response);
    notFound(response);
  });
  const bound = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host === '' ? undefined : address.host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
  const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    host: bound.address,
    port: bound.port,
    url: `http://${shownHost}:${bound.port}/metrics`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
