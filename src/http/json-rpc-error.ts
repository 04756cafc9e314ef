import type { Response } from 'express';

/** HTTP-level refusals in the shape MCP clients parse: a JSON-RPC error without an id. */
export function sendJsonRpcError(response: Response, status: number, message: string, code = -32000): void {
  response.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}
