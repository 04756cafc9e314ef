import type { Response } from 'express';

/**
 * How a refusal is written: the MCP endpoint's clients parse JSON-RPC errors, everyone else (the OAuth
 * endpoints above all) gets the OAuth error shape of RFC 6749 §5.2.
 */
export type RefusalShape = 'oauth' | 'json-rpc';

export interface Refusal {
  status: number;
  /** The OAuth error code, e.g. `temporarily_unavailable`. */
  oauthError: string;
  description: string;
  headers?: Readonly<Record<string, string>>;
}

/** JSON-RPC's "server error" range: an HTTP-level refusal, not an error of the called method. */
const JSON_RPC_SERVER_ERROR = -32000;

export function sendRefusal(res: Response, shape: RefusalShape, refusal: Refusal): void {
  res.status(refusal.status).set({ 'Cache-Control': 'no-store', ...refusal.headers });
  if (shape === 'json-rpc') {
    res.json({
      jsonrpc: '2.0',
      error: { code: JSON_RPC_SERVER_ERROR, message: refusal.description },
      id: null,
    });
  } else {
    res.json({ error: refusal.oauthError, error_description: refusal.description });
  }
}
