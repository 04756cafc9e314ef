import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleSessions } from '../../../src/mcp/idle-sessions.js';

function session() {
  return {
    closed: false,
    async close() {
      this.closed = true;
    },
  };
}

describe('idle MCP sessions', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('closes and forgets a session idle for the timeout', async () => {
    const sessions = new IdleSessions<ReturnType<typeof session>>(1000);
    const a = session();
    sessions.add('a', a);
    await vi.advanceTimersByTimeAsync(999);
    expect(sessions.get('a')).toBe(a);
    await vi.advanceTimersByTimeAsync(1);
    expect(sessions.get('a')).toBeUndefined();
    expect(a.closed).toBe(true);
  });

  it('never expires a session while one of its requests runs, and restarts the clock after', async () => {
    const sessions = new IdleSessions<ReturnType<typeof session>>(1000);
    sessions.add('a', session());
    let finish: () => void = () => {};
    await sessions.serve(
      'a',
      async () => {},
      new Promise<void>((resolve) => {
        finish = resolve;
      }),
    );
    await vi.advanceTimersByTimeAsync(5000);
    expect(sessions.get('a')).toBeDefined();
    finish();
    await vi.advanceTimersByTimeAsync(999);
    expect(sessions.get('a')).toBeDefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(sessions.get('a')).toBeUndefined();
  });

  it('never expires a held session, restarts the clock when the last hold ends, and counts a release once', async () => {
    const sessions = new IdleSessions<ReturnType<typeof session>>(1000);
    sessions.add('a', session());
    const first = sessions.hold('a');
    const second = sessions.hold('a');
    await vi.advanceTimersByTimeAsync(5000);
    first();
    first();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sessions.get('a')).toBeDefined();
    second();
    await vi.advanceTimersByTimeAsync(999);
    expect(sessions.get('a')).toBeDefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(sessions.get('a')).toBeUndefined();
    // A hold on a session that is gone holds nothing.
    expect(() => sessions.hold('a')()).not.toThrow();
  });

  it('closes every session on closeAll', async () => {
    const sessions = new IdleSessions<ReturnType<typeof session>>(1000);
    const [a, b] = [session(), session()];
    sessions.add('a', a);
    sessions.add('b', b);
    await sessions.closeAll();
    expect([a.closed, b.closed, sessions.size]).toEqual([true, true, 0]);
  });
});
