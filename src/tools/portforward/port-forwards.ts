// Who holds which port forwards: each MCP session its own, which no other session can see or stop,
// all closed when the session ends; bounded per session and across the server.
import type { ToolSession } from '../tool-session.js';
import { UsageError } from '../usage-error.js';
import { type ForwardActivity, type ForwardEnd, ForwardListener, LOOPBACK } from './forward-listener.js';

export interface PortForwardLimits {
  /** --max-port-forwards-per-session */
  perSession: number;
  /** --max-port-forwards */
  total: number;
}

/** What a forward is to its session: where it listens and where it leads. */
export interface ForwardDescription {
  /** What the caller named, e.g. `deployment/web`, and the pod it resolved to. */
  target: string;
  context: string;
}

export interface ForwardView extends ForwardDescription {
  id: string;
  localAddress: string;
  namespace: string;
  pod: string;
  remotePort: number;
  activity: ForwardActivity;
}

interface Forward {
  id: string;
  description: ForwardDescription;
  end: ForwardEnd;
  listener: ForwardListener;
}

function view({ id, description, end, listener }: Forward): ForwardView {
  return {
    id,
    ...description,
    localAddress: `${LOOPBACK}:${listener.localPort}`,
    namespace: end.namespace,
    pod: end.pod,
    remotePort: end.remotePort,
    activity: listener.activity,
  };
}

/** The forwards of one MCP session. */
export class SessionForwards {
  private readonly forwards = new Map<string, Forward>();
  /** Slots taken by starts still opening their listener: they count against the limits too. */
  private opening = 0;
  private nextId = 1;
  private ended = false;

  constructor(
    private readonly hub: PortForwards,
    private readonly session: ToolSession,
  ) {}

  get size(): number {
    return this.forwards.size + this.opening;
  }

  async start(end: ForwardEnd, localPort: number, description: ForwardDescription): Promise<ForwardView> {
    if (this.ended) throw new UsageError('the MCP session has ended');
    this.hub.reserve(this);
    this.opening += 1;
    let listener: ForwardListener;
    try {
      listener = await ForwardListener.open(end, localPort, () => this.session.inUse());
    } catch (error) {
      this.hub.release();
      throw new UsageError(
        `cannot listen on ${LOOPBACK}:${localPort}: ${(error as Error).message}; choose another localPort, or 0 for any free port`,
      );
    } finally {
      this.opening -= 1;
    }
    if (this.ended) {
      // The session ended while the listener opened: nobody is left to stop it.
      this.hub.release();
      await listener.close();
      throw new UsageError('the MCP session ended while the port forward was starting');
    }
    const forward: Forward = { id: `pf-${this.nextId++}`, description, end, listener };
    this.forwards.set(forward.id, forward);
    return view(forward);
  }

  list(): ForwardView[] {
    return [...this.forwards.values()].map(view);
  }

  /** Stops one forward; undefined when this session has none with that id. */
  async stop(id: string): Promise<ForwardView | undefined> {
    const forward = this.forwards.get(id);
    if (!forward) return undefined;
    this.forwards.delete(id);
    this.hub.release();
    await forward.listener.close();
    return view(forward);
  }

  /** Stops every forward of the session; resolves with those stopped. */
  async stopAll(): Promise<ForwardView[]> {
    const ids = [...this.forwards.keys()];
    const stopped = await Promise.all(ids.map((id) => this.stop(id)));
    return stopped.filter((forward) => forward !== undefined);
  }

  /** The session is over: its forwards close, and no new one may start. */
  async end(): Promise<void> {
    this.ended = true;
    await this.stopAll();
  }
}

/** Every session's forwards on one server, and the limits they share. */
export class PortForwards {
  private readonly sessions = new Map<ToolSession, SessionForwards>();
  /** Slots taken: forwards open or opening, across sessions. */
  private count = 0;
  private closed = false;

  constructor(readonly limits: PortForwardLimits) {}

  /** The forwards of `session`, created on first use and ended with it. */
  of(session: ToolSession): SessionForwards {
    const known = this.sessions.get(session);
    if (known) return known;
    const forwards = new SessionForwards(this, session);
    // First: a session that cannot hold a forward (a 2026-07-28 request) refuses here.
    session.onEnd(() => {
      this.sessions.delete(session);
      void forwards.end();
    });
    this.sessions.set(session, forwards);
    return forwards;
  }

  /** Closes every forward of every session (the server is shutting down). */
  async closeAll(): Promise<void> {
    this.closed = true;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((forwards) => forwards.end()));
  }

  /** Takes a slot for a forward about to open (kept while it is open), or refuses when a limit is reached. */
  reserve(session: SessionForwards): void {
    if (this.closed) throw new UsageError('the server is shutting down: no new port forwards');
    if (session.size >= this.limits.perSession) {
      throw new UsageError(
        `this MCP session already holds ${this.limits.perSession} port forwards, the most it may ` +
          '(--max-port-forwards-per-session); stop one with kubernetes_port_forward_stop first',
      );
    }
    if (this.count >= this.limits.total) {
      throw new UsageError(
        `the server already holds ${this.limits.total} port forwards across its sessions, the most it ` +
          'may (--max-port-forwards); stop one with kubernetes_port_forward_stop, or try again later',
      );
    }
    this.count += 1;
  }

  /** Gives back the slot of a forward that closed or never opened. */
  release(): void {
    this.count -= 1;
  }
}
