import type { ToolSession } from '../tools/index.js';

/** A ToolSession with the end its MCP session server announces. */
export interface EndingToolSession extends ToolSession {
  /** The MCP session is over: runs the cleanups (once). */
  end(): void;
}

/** The context choice and held resources of one MCP session; other sessions never see them. */
export function createToolSession(): EndingToolSession {
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
    end() {
      if (ended) return;
      ended = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}
