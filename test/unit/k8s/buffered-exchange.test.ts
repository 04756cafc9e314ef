import type { Dispatcher } from 'undici';
import { describe, expect, it, vi } from 'vitest';
import { bufferedExchange, type PoolRequest, RequestTimedOut } from '../../../src/k8s/buffered-exchange.js';

// undici decides when a request reaches a connection and when its answer's events come; a
// dispatcher that only keeps the handler lets these tests play undici's part at those moments,
// which a real pool does not let a test choose (the integration tests in
// test/integration/k8s/rest-client.test.ts drive the same code through a real pool).

function heldDispatcher(): { dispatcher: Dispatcher; handler: () => Dispatcher.DispatchHandler } {
  let held: Dispatcher.DispatchHandler | undefined;
  const dispatcher = {
    dispatch: (_options: unknown, handler: Dispatcher.DispatchHandler) => {
      held = handler;
      return true;
    },
  } as unknown as Dispatcher;
  return {
    dispatcher,
    handler: () => {
      if (!held) throw new Error('nothing was dispatched');
      return held;
    },
  };
}

function controller() {
  return {
    aborted: false,
    paused: false,
    reason: null,
    abort: vi.fn<(reason: Error) => void>(),
    pause: vi.fn(),
    resume: vi.fn(),
  } satisfies Dispatcher.DispatchController;
}

const REQUEST: PoolRequest = { path: '/api', method: 'GET', headers: {}, maxBytes: 8, timeoutMs: 30_000 };

describe('bufferedExchange', () => {
  it('aborts a request that timed out while queued as soon as undici hands it a connection', async () => {
    const { dispatcher, handler } = heldDispatcher();
    const exchange = bufferedExchange(dispatcher, { ...REQUEST, timeoutMs: 10 });
    const timedOut = await exchange.catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(RequestTimedOut);
    const started = controller();
    handler().onRequestStart?.(started, {});
    expect(started.abort).toHaveBeenCalledWith(timedOut);
  });

  it('cuts a body longer than maxBytes, drops the connection and answers what it kept', async () => {
    const { dispatcher, handler } = heldDispatcher();
    const exchange = bufferedExchange(dispatcher, REQUEST);
    const started = controller();
    handler().onRequestStart?.(started, {});
    handler().onResponseStart?.(started, 200, { 'content-type': 'text/plain' });
    handler().onResponseData?.(started, Buffer.from('12345'));
    handler().onResponseData?.(started, Buffer.from('67890'));
    const answer = await exchange;
    expect(answer).toMatchObject({ status: 200, truncated: true, headers: { 'content-type': 'text/plain' } });
    expect(answer.body.toString()).toBe('12345678');
    expect(started.abort).toHaveBeenCalledTimes(1);
  });

  it("answers only after undici's own next-turn hand-back of the connection", async () => {
    const { dispatcher, handler } = heldDispatcher();
    const exchange = bufferedExchange(dispatcher, REQUEST);
    const started = controller();
    const order: string[] = [];
    handler().onRequestStart?.(started, {});
    handler().onResponseStart?.(started, 200, {});
    handler().onResponseData?.(started, Buffer.from('ok'));
    handler().onResponseEnd?.(started, {});
    // What undici does right after the end callback returns (client-h1.js, pipelining 1).
    setImmediate(() => order.push('connection back in the pool'));
    const answer = await exchange.then((done) => {
      order.push('answered');
      return done;
    });
    expect(order).toEqual(['connection back in the pool', 'answered']);
    expect(answer).toMatchObject({ status: 200, truncated: false });
    expect(started.abort).not.toHaveBeenCalled();
  });

  it("fails with the caller's reason, at once when the signal was aborted before", async () => {
    const { dispatcher, handler } = heldDispatcher();
    const caller = new AbortController();
    const exchange = bufferedExchange(dispatcher, { ...REQUEST, signal: caller.signal });
    const started = controller();
    handler().onRequestStart?.(started, {});
    const reason = new Error('cancelled by the client');
    caller.abort(reason);
    await expect(exchange).rejects.toBe(reason);
    expect(started.abort).toHaveBeenCalledWith(reason);
    await expect(bufferedExchange(dispatcher, { ...REQUEST, signal: caller.signal })).rejects.toBe(reason);
  });
});
