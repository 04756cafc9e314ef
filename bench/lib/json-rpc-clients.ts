import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { Pool } from 'undici';
import type { ServerCommand } from './mcp-servers.js';

// MCP clients that write and read JSON-RPC by hand: no schema validation, no web streams, no
// fetch. The MCP SDK's client costs the benchmark process milliseconds per HTTP call, which the
// floor's pooled REST client does not; these clients show what the server itself adds to a call.

const PROTOCOL = '2025-11-25';
const CLIENT_INFO = { name: 'mcp-kubernetes-bench-json-rpc', version: '1.0.0' };

export interface JsonRpcAnswer {
  id?: number;
  result?: { isError?: boolean; content?: { text?: string }[] };
  error?: { message: string };
}

export interface JsonRpcSession {
  pid: number;
  /** Calls a tool; rejects on a JSON-RPC error or a tool error, so a failed call is never timed. */
  callTool(name: string, args: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

/** A tool call's result; throws on a JSON-RPC error or a tool error. */
export function toolResult(answer: JsonRpcAnswer | undefined, name: string): unknown {
  if (!answer) throw new Error(`${name}: no answer`);
  if (answer.error) throw new Error(`${name}: ${answer.error.message}`);
  if (answer.result?.isError)
    throw new Error(`${name} failed: ${answer.result.content?.[0]?.text?.slice(0, 300)}`);
  return answer.result;
}

/** One JSON-RPC request, serialized (without the newline stdio adds). */
function jsonRpcRequest(id: number, method: string, params: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params });
}

const INITIALIZE = { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: CLIENT_INFO };
/** The notification a client sends once `initialize` is answered, serialized. */
const INITIALIZED = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });

/** Calls `onAnswer` with each newline-delimited JSON-RPC message on a stdio server's stdout. */
function onJsonRpcLines(stdout: Readable, onAnswer: (answer: JsonRpcAnswer) => void): void {
  let buffered = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const answer = JSON.parse(buffered.slice(0, end)) as JsonRpcAnswer;
      buffered = buffered.slice(end + 1);
      onAnswer(answer);
    }
  });
}

/**
 * A stdio server spawned and initialized; requests may overlap (each has its own id). The server's
 * environment is `baseEnv` with the command's own variables.
 */
export async function jsonRpcStdioSession(
  server: ServerCommand,
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<JsonRpcSession> {
  const child = spawn(server.command, server.args, {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { ...baseEnv, ...server.env },
  });
  const waiting = new Map<number, (answer: JsonRpcAnswer) => void>();
  onJsonRpcLines(child.stdout, (answer) => {
    if (answer.id !== undefined) waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id as number);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let nextId = 0;
  const send = (method: string, params: unknown) =>
    new Promise<JsonRpcAnswer>((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      child.stdin.write(`${jsonRpcRequest(id, method, params)}\n`, (error) => error && reject(error));
    });
  toolResult(await send('initialize', INITIALIZE), 'initialize');
  child.stdin.write(`${INITIALIZED}\n`);
  return {
    pid: child.pid as number,
    callTool: async (name, args) => toolResult(await send('tools/call', { name, arguments: args }), name),
    async close() {
      // What a server prints as it shuts down is not an answer (a peer says so on stdout).
      child.stdout.removeAllListeners('data').resume();
      child.stdin.end();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The JSON-RPC message of a POST's answer: plain JSON, or the `data:` lines of its SSE event. */
function answerOf(contentType: string, body: string): JsonRpcAnswer | undefined {
  if (!body) return undefined;
  if (!contentType.startsWith('text/event-stream')) return JSON.parse(body) as JsonRpcAnswer;
  const data = body
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5))
    .join('');
  return data ? (JSON.parse(data) as JsonRpcAnswer) : undefined;
}

/**
 * One MCP session over streamable HTTP on a shared undici pool (as the floor's REST client pools
 * its connections), the bearer token on every request.
 */
export async function jsonRpcHttpSession(
  pool: Pool,
  endpoint: URL,
  pid: number,
  bearerToken: string,
): Promise<JsonRpcSession> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${bearerToken}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  const post = async (body: string) => {
    const response = await pool.request({ path: endpoint.pathname, method: 'POST', headers, body });
    const text = await response.body.text();
    if (response.statusCode >= 400) throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
    return {
      headers: response.headers,
      answer: answerOf(String(response.headers['content-type'] ?? ''), text),
    };
  };
  let nextId = 0;
  const opened = await post(jsonRpcRequest(++nextId, 'initialize', INITIALIZE));
  toolResult(opened.answer, 'initialize');
  headers['mcp-session-id'] = String(opened.headers['mcp-session-id']);
  headers['mcp-protocol-version'] = PROTOCOL;
  await post(INITIALIZED);
  return {
    pid,
    callTool: async (name, args) =>
      toolResult(
        (await post(jsonRpcRequest(++nextId, 'tools/call', { name, arguments: args }))).answer,
        name,
      ),
    async close() {
      const response = await pool.request({ path: endpoint.pathname, method: 'DELETE', headers });
      await response.body.dump();
    },
  };
}
