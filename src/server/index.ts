export { type CreateServerOptions, createServer, type McpKubernetesServer } from './create-server.js';
