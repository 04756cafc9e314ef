// Work deferred out of store listeners and processed in order, each key at most once per pass.

export class WorkQueue<T> {
  private readonly pending = new Map<string, T>();
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; due: number }>();
  private scheduled: NodeJS.Immediate | undefined;
  private stopped = false;

  constructor(private readonly process: (item: T) => void) {}

  add(id: string, item: T): void {
    if (this.stopped || this.pending.has(id)) return;
    this.pending.set(id, item);
    this.scheduled ??= setImmediate(() => this.drain());
  }

  /** Adds `item` in `ms`, or sooner if it is already due sooner: one timer per id, so retries never pile up. */
  addAfter(id: string, item: T, ms: number): void {
    if (this.stopped) return;
    const due = Date.now() + ms;
    const waiting = this.timers.get(id);
    if (waiting && waiting.due <= due) return;
    if (waiting) clearTimeout(waiting.timer);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.add(id, item);
    }, ms);
    this.timers.set(id, { timer, due });
  }

  /** Nothing queued and nothing waiting for its time. */
  get isIdle(): boolean {
    return this.pending.size === 0 && this.timers.size === 0 && this.scheduled === undefined;
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }

  private drain(): void {
    this.scheduled = undefined;
    // Work added while draining waits for the next pass, so that watchers see each pass's writes together.
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const item of batch) {
      if (this.stopped) return;
      this.process(item);
    }
  }
}
