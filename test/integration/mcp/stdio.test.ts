import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, startCli } from '../../helpers/cli-process.js';
import { call, connect, toolNames, useTeamCluster } from './mcp-fixtures.js';

const cluster = useTeamCluster();

interface StdioServer {
  client: Client;
  /** Anything the client could not parse as protocol: must stay empty. */
  protocolErrors: Error[];
  stderr(): string;
}

async function startStdio(
  flags: string[],
  env: Record<string, string> = {},
  nodeFlags: string[] = [],
): Promise<StdioServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...nodeFlags, CLI_PATH, 'serve', `--kubeconfig=${cluster.kubeconfig}`, ...flags],
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const protocolErrors: Error[] = [];
  const client = await connect(transport);
  client.onerror = (error) => protocolErrors.push(error);
  return { client, protocolErrors, stderr: () => stderr };
}

describe('serve over stdio (the built CLI)', () => {
  let server: StdioServer;

  beforeAll(async () => {
    server = await startStdio([]);
  });

  afterAll(async () => {
    await server.client.close();
  });

  it('answers initialize and lists the read tools', async () => {
    expect(server.client.getServerVersion()?.name).toBe('mcp-kubernetes');
    const names = await toolNames(server.client);
    expect(names).toContain('kubernetes_list');
    expect(names).not.toContain('kubernetes_delete');
  });

  it('calls a tool against the simulator', async () => {
    const result = await call(server.client, 'kubernetes_list', { resourceType: 'deployments' });
    expect(result).toMatchObject({ isError: false, text: expect.stringContaining('web') });
  });

  it('rejects unknown arguments and refuses hidden tools', async () => {
    expect((await call(server.client, 'kubernetes_get', { resourceType: 'pods', nmae: 'x' })).text).toContain(
      'unknown argument "nmae"',
    );
    expect((await call(server.client, 'kubernetes_exec', {})).text).toMatch(/^kubernetes_exec is disabled/);
  });

  it('takes a logging level, and refuses one that is not a level', async () => {
    expect(server.client.getServerCapabilities()?.logging).toEqual({});
    await expect(server.client.setLoggingLevel('warning')).resolves.toEqual({});
    await expect(server.client.setLoggingLevel('loud' as 'info')).rejects.toThrow(/Invalid/i);
  });

  it('writes nothing but protocol on stdout, and logs on stderr', () => {
    expect(server.protocolErrors).toEqual([]);
    expect(server.stderr()).toContain('MCP server started');
  });
});

describe('safety flags over stdio', () => {
  it.each([
    [['--non-destructive=false'], ['kubernetes_delete', 'kubernetes_exec'], []],
    [['--non-destructive=false', '--read-only'], [], ['kubernetes_delete', 'kubernetes_exec']],
    [['--dry-run'], ['kubernetes_delete'], ['kubernetes_exec']],
    [['--enabled-tools=kubernetes_get,kubernetes_list'], ['kubernetes_get'], ['kubernetes_describe']],
    [['--disabled-tools', 'kubernetes_get'], ['kubernetes_list'], ['kubernetes_get']],
  ])('%j offers %j and hides %j', async (flags, offered, hidden) => {
    const server = await startStdio(flags);
    const names = await toolNames(server.client);
    await server.client.close();
    for (const name of offered) expect(names).toContain(name);
    for (const name of hidden) expect(names).not.toContain(name);
  });

  it('reads settings from the environment', async () => {
    const server = await startStdio([], {
      MCP_KUBERNETES_READ_ONLY: 'true',
      MCP_KUBERNETES_NON_DESTRUCTIVE: 'false',
    });
    const names = await toolNames(server.client);
    await server.client.close();
    expect(names).not.toContain('kubernetes_delete');
  });
});

describe('lines the server cannot take, over stdio', () => {
  it('answers each at once and goes on serving the connection', async () => {
    const child = spawn(process.execPath, [CLI_PATH, 'serve', `--kubeconfig=${cluster.kubeconfig}`], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const answers: {
      id?: unknown;
      result?: { tools?: unknown[] };
      error?: { code: number; message: string };
    }[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => answers.push(JSON.parse(line)));
    const send = (line: string) => child.stdin.write(`${line}\n`);
    send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'raw', version: '1' },
        },
      }),
    );
    await expect.poll(() => answers.length, { timeout: 10_000 }).toBe(1);
    send('{"jsonrpc":"2.0","method":"notifications/initialized"}');
    send('not json');
    send('{"jsonrpc":"2.0","id":"bad","method":"tools/list","params":5}');
    send('{"jsonrpc":"2.0","id":2,"method":"tools/list"}');
    send('{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":5,"arguments":"x"}}');
    send('{"jsonrpc":"2.0","id":4,"method":"tools/list","params":{"cursor":5}}');
    await expect.poll(() => answers.length, { timeout: 10_000 }).toBe(6);
    const byId = (id: unknown) => answers.find((answer) => answer.id === id);
    expect(byId(null)?.error).toMatchObject({ code: -32700, message: expect.stringMatching(/^Parse error/) });
    expect(byId('bad')?.error).toEqual({
      code: -32600,
      message: 'Invalid Request: "params" must be an object',
    });
    expect(byId(2)?.result?.tools?.length).toBeGreaterThan(0);
    // Params the protocol's schema refuses: -32602 in one line of words, not a JSON dump of issues.
    expect(byId(3)?.error).toEqual({
      code: -32602,
      message:
        'Invalid params for tools/call: params.name: expected string, received number; ' +
        'params.arguments: expected object, received string',
    });
    expect(byId(4)?.error).toEqual({
      code: -32602,
      message: 'Invalid params for tools/list: params.cursor: expected string, received number',
    });
    child.stdin.end();
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
  });
});

/** The bundle's source files behind the dist/ files a process loaded, from their source maps. */
function bundledSources(loadedUrls: string[]): string[] {
  return loadedUrls
    .filter((url) => url.startsWith('file:') && url.includes('/dist/'))
    .flatMap(
      (url) =>
        (JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')) as { sources: string[] }).sources,
    );
}

describe('start-up weight', () => {
  // The SDK (@modelcontextprotocol/server) ships its Server and its web-standard HTTP transports in
  // one pre-bundled module, so their classes come along (plain code, no node:http); ours must not.
  const HTTP_STACK =
    /node_modules\/(express|body-parser)\/|src\/mcp\/(streamable-http|stateless-revision|sse)|src\/http\//;

  /** Environment that makes a node process log every module it loads (its URL) to a file. */
  function moduleLogging(name: string): {
    env: Record<string, string>;
    urls(): string[];
    loaded(): string[];
  } {
    const log = cluster.files.write(`${name}-modules.log`, '');
    const hook = cluster.files.write(
      'log-loaded-modules.mjs',
      "import { appendFileSync } from 'node:fs';\n" +
        'export async function load(url, context, nextLoad) {\n' +
        "  appendFileSync(process.env.LOADED_MODULES_LOG, url + '\\n');\n" +
        '  return nextLoad(url, context);\n}\n',
    );
    const register = cluster.files.write(
      'register-module-logging.mjs',
      `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hook}`)});\n`,
    );
    const urls = () => readFileSync(log, 'utf8').split('\n');
    return {
      env: { NODE_OPTIONS: `--import=${register}`, LOADED_MODULES_LOG: log },
      urls,
      loaded: () => bundledSources(urls()),
    };
  }

  it('never loads express, the HTTP transports or prom-client over stdio', async () => {
    const logging = moduleLogging('stdio');
    const server = await startStdio([], logging.env);
    await call(server.client, 'kubernetes_list', { resourceType: 'pods' });
    // A record would import prom-client in the background: give that import time to show in the log.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.client.close();
    const sources = logging.loaded();
    expect(sources.some((source) => source.includes('src/mcp/stdio-transport.ts'))).toBe(true);
    expect(sources.filter((source) => HTTP_STACK.test(source))).toEqual([]);
    // Without --metrics-addr nobody reads the metrics: the call records none and loads no prom-client.
    expect(sources.filter((source) => source.includes('node_modules/prom-client/'))).toEqual([]);
    // A Kubernetes request needs undici's Pool, not its index: fetch itself, WebSocket, cookies,
    // the other dispatchers (0.4 MB more to compile on the first call).
    const undici = sources.filter((source) => source.includes('node_modules/undici/'));
    expect(undici.some((source) => source.endsWith('lib/dispatcher/pool.js'))).toBe(true);
    expect(
      undici.filter((source) =>
        /undici\/(index\.js|lib\/web\/(fetch\/index|websocket|cookies)|lib\/dispatcher\/agent)/.test(source),
      ),
    ).toEqual([]);
  });

  it('answers initialize and tools/list without loading prom-client, Ajv, zod locales or node:http', async () => {
    const logging = moduleLogging('stdio-idle');
    const server = await startStdio([], logging.env);
    expect(await toolNames(server.client)).toContain('kubernetes_list');
    const sources = logging.loaded();
    const urls = logging.urls();
    await server.client.close();
    expect(sources.some((source) => source.includes('@modelcontextprotocol/server'))).toBe(true);
    expect(sources.filter((source) => /node_modules\/(prom-client|ajv|ajv-formats)\//.test(source))).toEqual(
      [],
    );
    // `import { z } from 'zod'` anywhere would bundle zod's whole namespace, with every locale.
    expect(sources.filter((source) => /node_modules\/zod\/v4\/locales\/(?!en\.js)/.test(source))).toEqual([]);
    expect(urls).not.toContain('node:http');
  });

  it("loads undici's Pool while idle after initialize, before any call needs it", async () => {
    const logging = moduleLogging('stdio-first-request');
    const server = await startStdio([], logging.env);
    expect(await toolNames(server.client)).toContain('kubernetes_list');
    const pool = (source: string) => source.endsWith('node_modules/undici/lib/dispatcher/pool.js');
    for (let waited = 0; waited < 5000 && !logging.loaded().some(pool); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await server.client.close();
    expect(logging.loaded().some(pool)).toBe(true);
  });

  it('serves the metrics of stdio calls on --metrics-addr', async () => {
    const server = await startStdio(['--metrics-addr=127.0.0.1:0']);
    await call(server.client, 'kubernetes_list', { resourceType: 'pods' });
    const url = /"url":"(http:\/\/[^"]+)"[^\n]*metrics listener started/.exec(server.stderr())?.[1];
    const text = await (await fetch(url as string)).text();
    await server.client.close();
    expect(text).toContain(
      'mcp_kubernetes_tool_call_duration_seconds_count{tool="kubernetes_list",outcome="ok"} 1',
    );
    expect(text).toMatch(
      /mcp_kubernetes_kubernetes_request_duration_seconds_count\{verb="GET",code="200"\} [1-9]/,
    );
  });

  it('does load them for streamable-http with metrics (so the checks above can see them)', async () => {
    const logging = moduleLogging('http');
    const cli = startCli(
      [
        'serve',
        '--transport=streamable-http',
        '--http-addr=127.0.0.1:0',
        '--metrics-addr=127.0.0.1:0',
        `--kubeconfig=${cluster.kubeconfig}`,
      ],
      logging.env,
    );
    await cli.waitFor(/metrics listener started/);
    cli.child.kill('SIGTERM');
    expect(await cli.exited()).toBe(0);
    const sources = logging.loaded();
    expect(sources.some((source) => /node_modules\/express\//.test(source))).toBe(true);
    expect(sources.some((source) => /node_modules\/prom-client\//.test(source))).toBe(true);
    expect(logging.urls()).toContain('node:http');
  });
});

describe('WebAssembly over stdio', () => {
  /** How often each WebAssembly function was compiled, from V8's code log (`--log-code`). */
  function webAssemblyCompilations(log: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [, name] of log.matchAll(/^code-creation,[^\n]*?\b(wasm-function\[\d+\])/gm)) {
      counts.set(name as string, (counts.get(name as string) ?? 0) + 1);
    }
    return counts;
  }

  it("keeps undici's HTTP parser on V8's baseline code: no parser function is compiled twice", async () => {
    const log = cluster.files.write('v8-code.log', '');
    const server = await startStdio([], {}, ['--log-code', `--logfile=${log}`, '--no-logfile-per-isolate']);
    // Without the setting, V8 recompiles the parser's state machine with TurboFan within 5 calls.
    for (let i = 0; i < 20; i++) {
      const listed = await call(server.client, 'kubernetes_list', {
        resourceType: 'pods',
        allNamespaces: true,
      });
      expect(listed.isError).toBe(false);
    }
    // TurboFan compiles on a background thread: give it time to finish before the log is read.
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The SDK's close waits for the process to exit, which is when V8 writes the rest of its log.
    await server.client.close();
    const compilations = webAssemblyCompilations(readFileSync(log, 'utf8'));
    // The parser ran: its functions were compiled, each once (a second time would be TurboFan's).
    expect(compilations.size).toBeGreaterThan(0);
    expect([...compilations].filter(([, count]) => count > 1)).toEqual([]);
  });
});
