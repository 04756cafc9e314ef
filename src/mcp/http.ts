// The HTTP transports of MCP, the face of src/mcp/ that only `serve` over HTTP loads (Express and
// the SDK's HTTP transports stay out of stdio); src/mcp/index.ts is the rest.
export { mountSse } from './sse-routes.js';
export { type MountedTransport, mountStreamableHttp } from './streamable-http-routes.js';
export { requireToolScopes } from './tool-scope-check.js';
