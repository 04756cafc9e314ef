import {
  type CallToolResult,
  type InputRequiredResult,
  ProtocolError,
  ProtocolErrorCode,
  type Server,
  type ServerContext,
  type Tool,
} from '@modelcontextprotocol/server';

/** Where a fixture tool runs: its session's server (to ask the client) and the request's context. */
export interface FixtureContext {
  server: Server;
  ctx: ServerContext;
}

/** One of the conformance suite's test tools: how it is listed and what a call does. */
export interface FixtureTool {
  tool: Tool;
  call(args: Record<string, unknown>, context: FixtureContext): Promise<CallToolResult | InputRequiredResult>;
}

export const NO_ARGUMENTS: Tool['inputSchema'] = { type: 'object', properties: {} };

/** A string argument the tool cannot do without. */
export function requiredString(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== 'string') {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `The argument "${name}" must be a string`);
  }
  return value;
}

export function textResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }] };
}

export function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/** Resolves after `ms`, or at once when the request is cancelled. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
