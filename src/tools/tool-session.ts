/** The MCP session a call belongs to (with --stateless, a session of one call). */
export interface ToolSession {
  currentContext(): string | undefined;
  useContext(name: string): void;
  /** Runs `cleanup` once the session ends (closed, expired, its transport gone); at once if it has. */
  onEnd(cleanup: () => void): void;
}
