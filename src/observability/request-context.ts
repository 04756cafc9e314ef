import { randomUUID } from 'node:crypto';

/** What the log lines of one HTTP request carry. */
export interface RequestContext {
  requestId: string;
}

// The context travels with the request object, not in an AsyncLocalStorage: on Node.js 20 one
// enabled AsyncLocalStorage installs promise hooks for the whole process, and every promise of every
// request then pays for them (about 15% of an HTTP tool call's server CPU: bench/README.md). A
// WeakMap lets the context go with its request.
const contexts = new WeakMap<object, RequestContext>();

// Ids that proxies and tracing systems send (UUIDs, hex, ULIDs, `abc-123.4`); anything else, such as
// text meant to forge log lines, is replaced rather than logged.
const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is well-formed, else a new random one. */
export function chooseRequestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && WELL_FORMED_ID.test(header) ? header : randomUUID();
}

/** Marks `request` (a Node.js request, or a WHATWG Request made of one) as served under `context`. */
export function setRequestContext(request: object, context: RequestContext): void {
  contexts.set(request, context);
}

/** Gives `derived` (a Request the MCP SDK sees) the context of the request it was made from. */
export function shareRequestContext(from: object, derived: object): void {
  const context = contexts.get(from);
  if (context) contexts.set(derived, context);
}

export function requestContextOf(request: object | undefined): RequestContext | undefined {
  return request === undefined ? undefined : contexts.get(request);
}

/** Fields naming the request being served, for a log line written while serving it. */
export type RequestLogFields = { requestId?: string };

export function requestLogFields(request: object | undefined): RequestLogFields {
  const context = requestContextOf(request);
  return context ? { requestId: context.requestId } : {};
}
