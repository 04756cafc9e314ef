import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { TABLE_ACCEPT } from '../../src/tools/reading/list-tool.js';
import type { BenchCluster } from './cluster.js';
import { type JsonRpcSession, jsonRpcHttpSession, jsonRpcStdioSession } from './json-rpc-clients.js';

// The minimal relays of lib/relay-server.ts, started against a bench cluster: what any MCP server
// in a process of its own costs on this machine before it does anything (bench/README.md,
// "Twelfth round").

const RELAY = fileURLToPath(new URL('./relay-server.ts', import.meta.url));

/** How the relay reads the Table: undici's `request()`, or our REST layer's exchange. */
export type RelayMode = 'request' | 'exchange';

function relayEnv(bench: BenchCluster, pods: number, mode: RelayMode, clientToken?: string) {
  return {
    RELAY_MODE: mode,
    RELAY_TARGET: JSON.stringify({
      url: bench.cluster.url,
      caCert: bench.cluster.caCert,
      token: bench.cluster.adminToken,
      path: `/api/v1/namespaces/load/pods?limit=${pods}&includeObject=None`,
      accept: TABLE_ACCEPT,
      clientToken,
    }),
  };
}

export function startStdioRelay(bench: BenchCluster, pods: number, mode: RelayMode): Promise<JsonRpcSession> {
  return jsonRpcStdioSession({
    name: `relay (${mode})`,
    command: process.execPath,
    args: ['--import', 'tsx', RELAY],
    env: relayEnv(bench, pods, mode),
  });
}

/** The HTTP relay: sessions of its own on one pooled client, each sending `clientToken` as a bearer. */
export interface HttpRelay {
  pid: number;
  session(): Promise<JsonRpcSession>;
  stop(): Promise<void>;
}

export async function startHttpRelay(
  bench: BenchCluster,
  pods: number,
  clientToken: string,
): Promise<HttpRelay> {
  const child = spawn(process.execPath, ['--import', 'tsx', RELAY], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...relayEnv(bench, pods, 'exchange', clientToken), RELAY_HTTP: '1' },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const [port] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const endpoint = new URL(`http://127.0.0.1:${port}/mcp`);
  const pool = new Pool(endpoint.origin);
  const pid = child.pid as number;
  return {
    pid,
    session: () => jsonRpcHttpSession(pool, endpoint, pid, clientToken),
    async stop() {
      await pool.close();
      child.kill('SIGTERM');
      await exited;
    },
  };
}
