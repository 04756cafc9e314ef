import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkQueue } from '../../../src/controllers/work-queue.js';

describe('the controllers work queue', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps one timer per key, the soonest, so that retries of a failing key never pile up', async () => {
    vi.useFakeTimers();
    const processed: string[] = [];
    const queue = new WorkQueue<string>((item) => processed.push(item));
    queue.addAfter('rs', 'later', 1000);
    queue.addAfter('rs', 'sooner', 200);
    queue.addAfter('rs', 'ignored', 500);
    queue.addAfter('other', 'other', 300);
    await vi.advanceTimersByTimeAsync(250);
    expect(processed).toEqual(['sooner']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(processed).toEqual(['sooner', 'other']);
    expect(queue.isIdle).toBe(true);
  });

  it('drops its timers when stopped', async () => {
    vi.useFakeTimers();
    const processed: string[] = [];
    const queue = new WorkQueue<string>((item) => processed.push(item));
    queue.addAfter('rs', 'retry', 100);
    queue.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(processed).toEqual([]);
    expect(queue.isIdle).toBe(true);
  });
});
