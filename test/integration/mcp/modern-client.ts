import {
  type AuthProvider,
  type CallToolResult,
  Client,
  type ClientCapabilities,
  type OAuthClientProvider,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { CLI_PATH } from '../../helpers/cli-process.js';

// The official v2 client (@modelcontextprotocol/client) pinned to protocol 2026-07-28: no
// initialize and no session; each request carries its revision, identity and capabilities.

export const MODERN_REVISION = '2026-07-28';

export function modernClient(capabilities: ClientCapabilities = {}): Client {
  return new Client(
    { name: 'mcp-test-2026', version: '1.0.0' },
    { capabilities, versionNegotiation: { mode: { pin: MODERN_REVISION } } },
  );
}

export async function connectModernHttp(
  url: string | URL,
  authProvider?: AuthProvider | OAuthClientProvider,
): Promise<Client> {
  const client = modernClient();
  await client.connect(new StreamableHTTPClientTransport(new URL(url), authProvider ? { authProvider } : {}));
  return client;
}

/** `dist/cli.js serve` over stdio, spoken to by the v2 client. */
export async function connectModernStdio(kubeconfig: string, flags: string[] = []): Promise<Client> {
  const client = modernClient();
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI_PATH, 'serve', `--kubeconfig=${kubeconfig}`, ...flags],
      stderr: 'ignore',
    }),
  );
  return client;
}

export async function modernCall(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return { text, isError: result.isError === true };
}

/** The first column of a kubernetes_list table (ages change between two calls, names do not). */
export function podNames(table: string): string[] {
  return table.split('\n').map((line) => line.split(/\s+/)[0] ?? '');
}
