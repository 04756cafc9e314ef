/** The MCP session a call belongs to (with --stateless, a session of one call). */
export interface ToolSession {
  currentContext(): string | undefined;
  useContext(name: string): void;
  /** Runs `cleanup` once the session ends (closed, expired, its transport gone); at once if it has. */
  onEnd(cleanup: () => void): void;
  /**
   * Marks the session in use until the returned function is called, as a connection through one of
   * its port forwards does: a session in use never ends for being idle.
   */
  inUse(): () => void;
}
