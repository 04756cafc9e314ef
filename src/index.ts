// The library: what `mcp-kubernetes serve` runs, for embedding and configuring in code.
export { ConfigError } from './config/index.js';
export { type CreateServerOptions, createServer, type McpKubernetesServer } from './server/index.js';
export type { ServerConfig, ServerConfigInput } from './settings/index.js';
