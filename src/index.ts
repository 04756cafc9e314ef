// The library: what `mcp-kubernetes serve` runs, for embedding and configuring in code.
export { ConfigError } from './config/config-error.js';
export { type CreateServerOptions, createServer, type McpKubernetesServer } from './server/create-server.js';
export type { ServerConfig, ServerConfigInput } from './settings/server-config.js';
