import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { apiClient } from '@mcp-kubernetes/devcluster/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type CallToolResult,
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { CLI_PATH } from '../../helpers/cli-process.js';
import type { Progress } from '../../helpers/tool-client.js';
import { kubeconfigYaml, startHttpServer, type TempFiles, tempFiles } from './mcp-fixtures.js';

// The SDK's real client, able to answer questions (MCP elicitation) or not, talking to the server
// over a real transport, against a simulator whose objects the tests check directly.

export type ConfirmMode = 'auto' | 'always' | 'never';
export type Answerer = (request: ElicitRequest) => Promise<ElicitResult>;

/** How a client reaches the server: `serve` over stdio, or streamable HTTP in one of its modes. */
export type Connector = (mode: ConfirmMode, answer?: Answerer) => Promise<ConfirmingClient>;

export interface ConfirmingClient {
  call(
    name: string,
    args: Record<string, unknown>,
    progress?: Progress[],
  ): Promise<{ text: string; isError: boolean }>;
  close(): Promise<void>;
}

export interface ConfirmationCluster {
  devcluster: DevCluster;
  kubeconfig: string;
  /** Creates a config map in team-a straight through the API, and returns its name. */
  freshConfigMap(): Promise<string>;
  configMapExists(name: string): Promise<boolean>;
  unschedulable(node: string): Promise<boolean>;
  uncordon(node: string): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startConfirmationCluster(): Promise<ConfirmationCluster> {
  const devcluster = await startDevCluster({ seed: 'default' });
  const files: TempFiles = tempFiles();
  const kubeconfig = files.write(
    'kubeconfig',
    kubeconfigYaml([{ name: 'demo', server: devcluster.url, token: devcluster.adminToken }], 'demo'),
  );
  const api = apiClient(devcluster.url);
  const token = devcluster.adminToken;
  const nodePath = (node: string) => `/api/v1/nodes/${node}`;
  return {
    devcluster,
    kubeconfig,
    async freshConfigMap() {
      counter += 1;
      const name = `doomed-${counter}`;
      const created = await api('POST', '/api/v1/namespaces/team-a/configmaps', {
        token,
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } },
      });
      if (created.status !== 201) throw new Error(`config map not created: ${JSON.stringify(created)}`);
      return name;
    },
    async configMapExists(name) {
      return (await api('GET', `/api/v1/namespaces/team-a/configmaps/${name}`, { token })).status === 200;
    },
    async unschedulable(node) {
      const answer = await api('GET', nodePath(node), { token });
      return (answer.body.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
    },
    async uncordon(node) {
      await api('PATCH', nodePath(node), {
        token,
        body: { spec: { unschedulable: false } },
        contentType: 'application/merge-patch+json',
      });
    },
    async stop() {
      await devcluster.stop();
      files.remove();
    },
  };
}

/** An SDK client that declares elicitation when it has an `answer` to give. */
async function connectClient(transport: Transport, answer?: Answerer): Promise<ConfirmingClient> {
  const client = new Client(
    { name: 'confirmation-test', version: '1.0.0' },
    { capabilities: answer ? { elicitation: { form: {} } } : {} },
  );
  if (answer) client.setRequestHandler(ElicitRequestSchema, (request) => answer(request));
  await client.connect(transport);
  return {
    async call(name, args, progress) {
      const result = (await client.callTool({ name, arguments: args }, undefined, {
        ...(progress && { onprogress: (update: Progress) => progress.push(update) }),
        // Longer than the server's own wait for an answer, so the server's word is the one seen.
        timeout: 180_000,
      })) as CallToolResult;
      const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      return { text, isError: result.isError === true };
    },
    close: () => client.close(),
  };
}

/** `mcp-kubernetes serve` over stdio: the built CLI as a child process, writes allowed. */
export function stdioConnector(cluster: ConfirmationCluster): Connector {
  return (mode, answer) =>
    connectClient(
      new StdioClientTransport({
        command: process.execPath,
        args: [
          CLI_PATH,
          'serve',
          `--kubeconfig=${cluster.kubeconfig}`,
          '--non-destructive=false',
          `--confirm-destructive=${mode}`,
          '--log-level=error',
        ],
        stderr: 'ignore',
      }),
      answer,
    );
}

export interface HttpMode {
  /** The deprecated HTTP+SSE transport instead of streamable HTTP (the other options do not apply). */
  sse?: boolean;
  /** --disable-streaming: plain JSON answers instead of event streams. */
  disableStreaming?: boolean;
  stateless?: boolean;
  /**
   * Whether the client opens the session's GET event stream once initialized (the SDK's client
   * does; a client without one is made by answering its GET with 405, as a server without it would).
   */
  getStream: boolean;
}

/**
 * A fetch that either refuses the client's GET stream, or tells when it is open: a question sent
 * on it right after connecting must not race with the stream being set up.
 */
function fetchFor(getStream: boolean): { fetch: typeof fetch; streamOpen: Promise<void> } {
  let opened: () => void = () => {};
  const streamOpen = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const wrapped: typeof fetch = async (input, init) => {
    if (init?.method !== 'GET') return fetch(input, init);
    if (!getStream) return new Response(null, { status: 405 });
    const response = await fetch(input, init);
    opened();
    return response;
  };
  return { fetch: wrapped, streamOpen: getStream ? streamOpen : Promise.resolve() };
}

/** HTTP on a server started for this client (and stopped with it), writes allowed. */
export function httpConnector(cluster: ConfirmationCluster, mode: HttpMode): Connector {
  return async (confirmDestructive, answer) => {
    const server = await startHttpServer({
      kubeconfig: cluster.kubeconfig,
      nonDestructive: false,
      confirmDestructive,
      ...(mode.sse
        ? { transport: 'sse' }
        : { disableStreaming: mode.disableStreaming ?? false, stateless: mode.stateless ?? false }),
    });
    const { fetch: clientFetch, streamOpen } = fetchFor(mode.getStream);
    const url = new URL(server.url);
    const transport = mode.sse
      ? new SSEClientTransport(url)
      : new StreamableHTTPClientTransport(url, { fetch: clientFetch });
    const client = await connectClient(transport, answer);
    await streamOpen;
    return {
      call: client.call,
      async close() {
        await client.close();
        await server.stop();
      },
    };
  };
}
