import type { Express } from 'express';
import { observeRequests } from '../observability/http.js';
import { healthzHandler, type Observability, readyzHandler } from '../observability/index.js';

/**
 * First in the app: every request is observed (id, access log, metrics), and the probes answer
 * before the Host check. The kubelet probes a pod by its IP (`Host: 10.4.2.7:8080`), a name no
 * --allowed-hosts lists; the probes reveal nothing but check names, so DNS rebinding gains nothing.
 */
export function mountOperations(app: Express, observability: Observability): void {
  app.use(observeRequests(observability));
  app.get('/healthz', healthzHandler());
  app.get('/readyz', readyzHandler(observability.health));
}
