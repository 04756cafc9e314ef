import type { ToolSession } from '../tools/index.js';

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
