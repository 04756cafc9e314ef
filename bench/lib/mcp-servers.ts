import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { openServerLogFile } from './server-log-file.js';

// The servers under test, each driven by the MCP SDK's own client (@modelcontextprotocol/client, v2)
// as an agent would drive them: its default negotiation is the `initialize` handshake, which every
// peer speaks.

export const OUR_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A server started as a program: the command line and environment it needs. */
export interface ServerCommand {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** A connected (initialized) MCP client and the pid of the server process it talks to. */
export interface ConnectedServer {
  name: string;
  client: Client;
  pid: number;
  close(): Promise<void>;
}

export function requireBuiltCli(cli = OUR_CLI): void {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
}

/**
 * Our CLI over stdio. The client rate limit is raised, as it is for the peers, so that the
 * benchmark compares servers, not throttles.
 */
export function ourStdioCommand(kubeconfigPath: string, cli = OUR_CLI): ServerCommand {
  requireBuiltCli(cli);
  return {
    name: 'mcp-kubernetes (stdio)',
    command: process.execPath,
    args: [cli, 'serve', '--kubeconfig', kubeconfigPath, ...UNTHROTTLED, '--log-level', 'warn'],
  };
}

const UNTHROTTLED = ['--qps-limit', '10000', '--burst-limit', '100000'];
/** The per-IP and per-user request limits protect a shared server; one benchmark client would hit them. */
const NO_HTTP_LIMITS = ['--rate-limit-ip', '0', '--rate-limit-user', '0'];

function benchClient(): Client {
  return new Client({ name: 'mcp-kubernetes-bench', version: '1.0.0' });
}

export async function connectStdio(server: ServerCommand): Promise<ConnectedServer> {
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    env: { ...(process.env as Record<string, string>), ...server.env },
    stderr: 'ignore',
  });
  const client = benchClient();
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error(`${server.name} has no process id`);
  return { name: server.name, client, pid, close: () => client.close() };
}

/** Our server over streamable HTTP on a free loopback port. */
export interface HttpServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The start-up log line of the MCP listener names its URL (the metrics listener logs one too). */
function mcpUrlIn(log: string): string | undefined {
  return [...log.matchAll(/"url":"(http[^"]+)"/g)]
    .map((match) => match[1])
    .find((url) => url?.endsWith('/mcp'));
}

export interface HttpServerOptions {
  /** `host:port` to listen on; default a free loopback port. */
  httpAddr?: string;
  /** More flags (e.g. the OAuth ones) and environment variables. */
  args?: readonly string[];
  env?: Record<string, string>;
  cli?: string;
  /** Flags for Node.js itself, e.g. `--cpu-prof` (which NODE_OPTIONS does not take). */
  nodeArgs?: readonly string[];
  /** A program that runs Node.js, e.g. `['valgrind', '--tool=callgrind']` to count instructions. */
  launcher?: readonly string[];
  /** How long the server may take to log its URL (default 20 s; a launcher slows it down). */
  startTimeoutMs?: number;
}

export async function startOurHttpServer(
  kubeconfigPath: string,
  options: HttpServerOptions = {},
): Promise<HttpServerProcess> {
  const cli = options.cli ?? OUR_CLI;
  requireBuiltCli(cli);
  const args = [
    ...(options.nodeArgs ?? []),
    cli,
    'serve',
    '--transport',
    'streamable-http',
    '--http-addr',
    options.httpAddr ?? '127.0.0.1:0',
    '--kubeconfig',
    kubeconfigPath,
    ...UNTHROTTLED,
    ...NO_HTTP_LIMITS,
    // Metrics stay on, as in production, on a port of their own (9090 may be another server's).
    '--metrics-addr',
    '127.0.0.1:0',
    '--shutdown-delay',
    '0s',
    ...(options.args ?? []),
  ];
  const [command, ...launcherArgs] = [...(options.launcher ?? []), process.execPath];
  const log = openServerLogFile();
  const child = spawn(command as string, [...launcherArgs, ...args], {
    stdio: ['ignore', 'ignore', log.fd],
    env: { ...process.env, ...options.env },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await log
    .waitFor(mcpUrlIn, options.startTimeoutMs ?? 20_000, exited)
    .catch((error: unknown) => {
      child.kill('SIGKILL');
      log.remove();
      throw error;
    });
  return {
    url,
    pid: child.pid as number,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      log.remove();
    },
  };
}

/**
 * fetch, each request on a signal of its own that follows the transport's. The SDK client hands
 * every POST its transport's one long-lived signal, and Node.js's fetch leaves a listener on it
 * until that request is garbage-collected: past 1,500 calls every call printed a MaxListeners
 * warning and the benchmark's heap grew with the calls.
 */
const fetchOnOwnSignal: typeof fetch = (url, init) =>
  fetch(url, init?.signal ? { ...init, signal: AbortSignal.any([init.signal]) } : init);

/** An MCP session over streamable HTTP; `bearerToken` goes in the Authorization header of every request. */
export async function connectHttp(url: string, pid: number, bearerToken?: string): Promise<ConnectedServer> {
  const headers: Record<string, string> = bearerToken ? { authorization: `Bearer ${bearerToken}` } : {};
  const client = benchClient();
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, fetch: fetchOnOwnSignal }),
  );
  return { name: 'mcp-kubernetes (streamable HTTP)', client, pid, close: () => client.close() };
}

/** Bytes of the text a tool returned: what lands in the model's context. */
export function resultText(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((part) => (part.type === 'text' ? (part.text ?? '') : JSON.stringify(part))).join('\n');
}

/** Calls a tool and fails loudly on a tool error, so a broken call is never timed as a fast one. */
export async function callOk(
  server: ConnectedServer,
  name: string,
  args: Record<string, unknown>,
): Promise<string> {
  const result = await server.client.callTool({ name, arguments: args }, { timeout: 120_000 });
  const text = resultText(result);
  if (result.isError) throw new Error(`${server.name} ${name} failed: ${text.slice(0, 300)}`);
  return text;
}
