import { type ToolSession, UsageError } from '../tools/index.js';

/** The context choice of one MCP session; other sessions never see it. */
export function createToolSession(): ToolSession {
  let contextName: string | undefined;
  return {
    currentContext: () => contextName,
    useContext(name) {
      contextName = name;
    },
  };
}

/**
 * A 2026-07-28 request over HTTP belongs to no session: there is nothing a context switch could
 * last for, so kubernetes_context_use says so instead of pretending (each call names its `context`).
 */
export function sessionlessToolSession(): ToolSession {
  return {
    currentContext: () => undefined,
    useContext() {
      throw new UsageError(
        'This request has no MCP session to switch (protocol 2026-07-28 over HTTP is stateless): pass ' +
          '"context" on each call instead, or connect with protocol 2025-11-25, whose sessions keep a context.',
      );
    },
  };
}
