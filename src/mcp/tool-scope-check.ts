import type { RequestHandler } from 'express';
import { bearerChallenge } from '../auth/index.js';
import { formatScope, InsufficientScope, type KubernetesScope, stepUpScopes } from '../oauth/index.js';
import { requestLogFields } from '../observability/index.js';
import { scopeNeededFor } from '../tools/index.js';
import type { ServerRuntime } from './server-runtime.js';

interface NeededScope {
  readonly tool: string;
  readonly scope: KubernetesScope;
}

/**
 * Each tool call needs the scope of what the tool does (tool-scopes.ts). A token without it is refused
 * before the call runs: 403 with an `insufficient_scope` challenge naming every scope the token holds
 * and the request needs, so that the client can ask the person for more and lose nothing
 * (RFC 6750 §3.1, the MCP authorization spec's step-up). Runs after the bearer check; calls to tools
 * that are hidden or unknown pass, and get the tool error that says why.
 */
export function requireToolScopes(
  runtime: ServerRuntime,
  challenge: { readonly resourceMetadataUrl: string },
): RequestHandler {
  return (req, res, next) => {
    const principal = req.principal;
    if (!principal || req.method !== 'POST') return next();
    const needed = scopesNeededBy(runtime, req.body);
    const missing = needed.filter(({ scope }) => !principal.scopes.includes(scope));
    const [first] = missing;
    if (!first) return next();
    const lacking = [...new Set(missing.map(({ scope }) => scope))];
    const error = new InsufficientScope(
      `${first.tool} needs the ${formatScope(lacking)} scope, which this access token was not granted: ` +
        'authorize again, asking for it',
    );
    const scopes = stepUpScopes(
      principal.scopes,
      needed.map(({ scope }) => scope),
    );
    runtime.logger.info(
      {
        ...requestLogFields(req),
        clientId: principal.clientId,
        tool: first.tool,
        missing: formatScope(lacking),
      },
      'tool call refused: insufficient scope',
    );
    res
      .status(error.status)
      .set('WWW-Authenticate', bearerChallenge({ ...challenge, scopes, error }))
      .set('Cache-Control', 'no-store')
      .json(error.toJSON());
  };
}

/** The scopes the tool calls of a JSON-RPC message or batch need. */
function scopesNeededBy(runtime: ServerRuntime, body: unknown): NeededScope[] {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  return messages.flatMap((message) => {
    const call = toolCallOf(message);
    const tool = call && runtime.catalog.visible.find((candidate) => candidate.name === call.name);
    return tool ? [{ tool: tool.name, scope: scopeNeededFor(tool.effect, call.arguments) }] : [];
  });
}

function toolCallOf(message: unknown): { name: string; arguments: unknown } | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { method, params } = message as { method?: unknown; params?: unknown };
  if (method !== 'tools/call' || typeof params !== 'object' || params === null) return undefined;
  const { name, arguments: args } = params as { name?: unknown; arguments?: unknown };
  return typeof name === 'string' ? { name, arguments: args } : undefined;
}
