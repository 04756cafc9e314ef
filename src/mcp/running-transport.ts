/** A transport that serves MCP until closed. */
export interface RunningTransport {
  /** Where an HTTP transport listens. */
  address?: { host: string; port: number; url: string };
  /** Settles when the transport ends by itself (stdio: the client closed stdin). */
  ended: Promise<void>;
  close(): Promise<void>;
  /** Open MCP sessions (stdio: one). */
  sessionCount(): number;
  /** HTTP: stops accepting connections; running requests go on until close(). */
  stopAccepting?(): void;
}
