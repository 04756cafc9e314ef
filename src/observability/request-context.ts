import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line written while serving one HTTP request carries. */
export interface RequestContext {
  requestId: string;
}

const requests = new AsyncLocalStorage<RequestContext>();

// Ids that proxies and tracing systems send (UUIDs, hex, ULIDs, `abc-123.4`); anything else, such as
// text meant to forge log lines, is replaced rather than logged.
const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is well-formed, else a new random one. */
export function chooseRequestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && WELL_FORMED_ID.test(header) ? header : randomUUID();
}

/** Runs `work` (and everything it starts, however asynchronous) as part of the request. */
export function runInRequest<T>(context: RequestContext, work: () => T): T {
  return requests.run(context, work);
}

/** The request being served by the current asynchronous call chain, if any. */
export function currentRequest(): RequestContext | undefined {
  return requests.getStore();
}
