/** Something a session holds open until it ends. */
export interface Closable {
  close(): Promise<void>;
}

interface Entry<Session extends Closable> {
  session: Session;
  requestsInFlight: number;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Live MCP sessions by id. A session is idle while no request of it is in flight (an open GET
 * stream counts as one); after `idleTimeoutMs` of that it is closed and forgotten.
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
    const entry: Entry<Session> = { session, requestsInFlight: 0 };
    this.entries.set(id, entry);
    this.startIdleTimer(id, entry);
  }

  get(id: string): Session | undefined {
    return this.entries.get(id)?.session;
  }

  /** Marks a request of the session as running until `finished` settles. */
  async serve<T>(id: string, handle: () => Promise<T>, finished: Promise<void>): Promise<T> {
    const entry = this.entries.get(id);
    if (entry) {
      entry.requestsInFlight += 1;
      clearTimeout(entry.idleTimer);
      void finished.finally(() => {
        entry.requestsInFlight -= 1;
        if (entry.requestsInFlight === 0 && this.entries.get(id) === entry) this.startIdleTimer(id, entry);
      });
    }
    return handle();
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
