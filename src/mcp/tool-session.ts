import { type ToolSession, UsageError } from '../tools/index.js';

/** A ToolSession with the end its MCP session server announces. */
export interface EndingToolSession extends ToolSession {
  /** The MCP session is over: runs the cleanups (once). */
  end(): void;
}

const NOT_TRACKED = () => {};

/**
 * The context choice and held resources of one MCP session; other sessions never see them.
 * `inUse` tells whoever ends idle sessions (the HTTP session table) that it is in use.
 */
export function createToolSession(inUse: () => () => void = () => NOT_TRACKED): EndingToolSession {
  let contextName: string | undefined;
  let ended = false;
  const cleanups: (() => void)[] = [];
  return {
    currentContext: () => contextName,
    useContext(name) {
      contextName = name;
    },
    onEnd(cleanup) {
      if (ended) cleanup();
      else cleanups.push(cleanup);
    },
    inUse,
    end() {
      if (ended) return;
      ended = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}

/**
 * A 2026-07-28 request over HTTP belongs to no session: there is nothing a context switch could
 * last for, so kubernetes_context_use says so instead of pretending (each call names its `context`).
 */
export function sessionlessToolSession(): EndingToolSession {
  return {
    end() {},
    currentContext: () => undefined,
    useContext() {
      throw new UsageError(
        'This request has no MCP session to switch (protocol 2026-07-28 over HTTP is stateless): pass ' +
          '"context" on each call instead, or connect with protocol 2025-11-25, whose sessions keep a context.',
      );
    },
    onEnd() {
      throw new UsageError(
        'This request has no MCP session to hold a port forward (protocol 2026-07-28 over HTTP is ' +
          'stateless; the forward would close with the answer): connect with protocol 2025-11-25 or over stdio.',
      );
    },
    inUse: () => NOT_TRACKED,
  };
}
