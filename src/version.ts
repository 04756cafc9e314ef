// The one place the release version lives; the CLI and the MCP handshake both report it.
export const VERSION = '0.1.0';
