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

  it('closes every session on closeAll', async () => {
    const sessions = new IdleSessions<ReturnType<typeof session>>(1000);
    const [a, b] = [session(), session()];
    sessions.add('a', a);
    sessions.add('b', b);
    await sessions.closeAll();
    expect([a.closed, b.closed, sessions.size]).toEqual([true, true, 0]);
  });
});
