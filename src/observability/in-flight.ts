/** Counts work in progress (HTTP requests, tool calls) so that a shutdown can wait for it to end. */
export class InFlight {
  private running = 0;
  private readonly idleWaiters = new Set<() => void>();

  get count(): number {
    return this.running;
  }

  /** Counts one piece of work until `finished` settles. */
  track(finished: Promise<unknown>): void {
    this.running += 1;
    void finished
      .catch(() => {})
      .finally(() => {
        this.running -= 1;
        if (this.running === 0) for (const wake of this.idleWaiters) wake();
      });
  }

  /** Resolves true once nothing is in flight, or false when `timeoutMs` passes first. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (idle: boolean) => {
        clearTimeout(timer);
        this.idleWaiters.delete(wake);
        resolve(idle);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.idleWaiters.add(wake);
    });
  }
}
