import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

// One request on undici's dispatcher API, its answer collected into one buffer. undici's
// `request()` wraps every answer in a Readable stream and ties the request to an AbortSignal;
// measured over stdio with one call at a time, that machinery cost about 0.3 ms of a 50-pod list
// (bench/README.md, "Fifth round"). Every answer of the REST layer is read whole anyway.

/** A request as the REST layer sends it. */
export interface PoolRequest {
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string | string[]>;
  body?: string;
  /** The body is cut after this many bytes and its connection dropped, unread. */
  maxBytes: number;
  /** The whole exchange fails with a RequestTimedOut after this long. */
  timeoutMs: number;
  /** The caller's cancellation: the exchange fails with the signal's reason. */
  signal?: AbortSignal;
}

export interface PoolAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  truncated: boolean;
}

/** The deadline of a request passed before its answer ended. */
export class RequestTimedOut extends Error {
  constructor(timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = 'RequestTimedOut';
  }
}

/** Why a truncated answer's connection is dropped; the caller gets the answer, not this. */
const BODY_CUT = new Error('answer body longer than the caller reads');

export function bufferedExchange(dispatcher: Dispatcher, request: PoolRequest): Promise<PoolAnswer> {
  const { signal } = request;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let answer: Omit<PoolAnswer, 'body' | 'truncated'> = { status: 0, headers: {} };
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    // An abort asked for before undici handed out the controller (the request was still queued
    // or connecting) takes effect as soon as it does.
    let pendingAbort: Error | undefined;

    const abort = (reason: Error) => {
      if (controller) controller.abort(reason);
      else pendingAbort = reason;
    };
    const onCallerAbort = () => fail(signal?.reason);
    const timer = setTimeout(() => fail(new RequestTimedOut(request.timeoutMs)), request.timeoutMs);
    signal?.addEventListener('abort', onCallerAbort, { once: true });

    function settle(): boolean {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
      return true;
    }
    function fail(reason: Error) {
      if (!settle()) return;
      abort(reason);
      reject(reason);
    }
    function succeed(truncated: boolean) {
      if (!settle()) return;
      const body = Buffer.concat(chunks, size);
      const done = () =>
        resolve({ ...answer, body: truncated ? body.subarray(0, request.maxBytes) : body, truncated });
      if (truncated) {
        abort(BODY_CUT);
        done();
      } else {
        // undici hands a kept-alive connection back to its pool one event-loop turn after the
        // answer ends, scheduled once this callback has returned; answering sooner would make a
        // caller's next request open a second connection.
        process.nextTick(() => setImmediate(done));
      }
    }

    const handler: Dispatcher.DispatchHandler = {
      // Also how undici tells this handler API from its older one: keep it.
      onRequestStart(started) {
        controller = started;
        if (pendingAbort) started.abort(pendingAbort);
      },
      onResponseStart(_controller, status, headers) {
        answer = { status, headers };
      },
      onResponseData(_controller, chunk) {
        if (settled) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size > request.maxBytes) succeed(true);
      },
      onResponseEnd() {
        succeed(false);
      },
      onResponseError(_controller, error) {
        fail(error);
      },
    };
    try {
      dispatcher.dispatch(
        { path: request.path, method: request.method, headers: request.headers, body: request.body },
        handler,
      );
    } catch (error) {
      fail(error as Error);
    }
  });
}
