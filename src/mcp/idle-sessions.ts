/** Something a session holds open until it ends. */
export interface Closable {
  close(): Promise<void>;
}

interface Entry<Session extends Closable> {
  session: Session;
  holds: number;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Live MCP sessions by id. A session is idle while no request of it is in flight (an open GET
 * stream counts as one) and nothing else holds it (a connection through one of its port forwards);
 * after `idleTimeoutMs` of that it is closed and forgotten.
 */
export class IdleSessions<Session extends Closable> {
  private readonly entries = new Map<string, Entry<Session>>();

  constructor(
    private readonly idleTimeoutMs: number,
    private readonly onExpired: (id: string) => void = () => {},
  ) {}

  get size(): number {
    return this.entries.size;
  }

  add(id: string, session: Session): void {
    const entry: Entry<Session> = { session, holds: 0 };
    this.entries.set(id, entry);
    this.startIdleTimer(id, entry);
  }

  get(id: string): Session | undefined {
    return this.entries.get(id)?.session;
  }

  /** Marks a request of the session as running until `finished` settles. */
  async serve<T>(id: string, handle: () => Promise<T>, finished: Promise<void>): Promise<T> {
    void finished.finally(this.hold(id));
    return handle();
  }

  /**
   * Marks the session busy until the returned function is called (once; later calls do nothing):
   * a request, or a connection through one of its port forwards.
   */
  hold(id: string): () => void {
    const entry = this.entries.get(id);
    if (!entry) return () => {};
    entry.holds += 1;
    clearTimeout(entry.idleTimer);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      entry.holds -= 1;
      if (entry.holds === 0 && this.entries.get(id) === entry) this.startIdleTimer(id, entry);
    };
  }

  /** Forgets a session that ended by itself (DELETE, transport closed). */
  forget(id: string): void {
    const entry = this.entries.get(id);
    if (entry) clearTimeout(entry.idleTimer);
    this.entries.delete(id);
  }

  async closeAll(): Promise<void> {
    const sessions = [...this.entries.keys()].map((id) => this.close(id));
    await Promise.allSettled(sessions);
  }

  private async close(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.forget(id);
    await entry.session.close();
  }

  private startIdleTimer(id: string, entry: Entry<Session>): void {
    entry.idleTimer = setTimeout(() => {
      this.onExpired(id);
      void this.close(id);
    }, this.idleTimeoutMs).unref();
  }
}
