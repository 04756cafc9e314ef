import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import {
  type CallToolResult,
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { pino } from 'pino';
import type { ClusterAccess, ClusterIdentity } from '../../src/k8s/cluster-client.js';
import { DOWNSTREAM_IDENTITY_KEY } from '../../src/mcp/downstream-identity-key.js';
import type { ServerRuntime } from '../../src/mcp/server-runtime.js';
import { createSessionServer } from '../../src/mcp/session-server.js';
import { createToolSession, type EndingToolSession } from '../../src/mcp/tool-session.js';
import { portForwardsOf, toolSettingsOf } from '../../src/mcp/tool-settings.js';
import { selectTools } from '../../src/mcp/tool-visibility.js';
import { parseServerConfig } from '../../src/settings/parse-server-config.js';
import type { ServerConfigInput } from '../../src/settings/server-config.js';
import { allTools } from '../../src/tools/index.js';
import type { PortForwards } from '../../src/tools/portforward/port-forwards.js';

// Tools called the way a client calls them: the SDK's MCP client, in memory, talking to the MCP
// session server the transports use, with the catalog and tool settings built from `serve` flags
// as the server builds them. Argument checks, visibility and error wording are all on the path.

export interface ToolClientOptions {
  /** The cluster(s) the tools reach. */
  access: ClusterAccess;
  /** The flags of `mcp-kubernetes serve` (camelCase), e.g. { readOnly: true }. */
  flags?: ServerConfigInput;
  /** The MCP session, when several connections must share its kubeconfig context. */
  session?: EndingToolSession;
  /** The server's port forwards, when several sessions must share them (and their limits). */
  portForwards?: PortForwards;
  /** Who the calls act as in the cluster, as downstream OAuth would hand it in. */
  identity?: ClusterIdentity;
  /** Declares the elicitation capability and answers the server's questions with this. */
  elicitation?: (request: ElicitRequest) => Promise<ElicitResult>;
}

export interface ToolAnswer {
  text: string;
  isError: boolean;
  /** The structuredContent, which the SDK client has checked against the tool's outputSchema. */
  structured?: Record<string, unknown>;
}

export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

export interface ToolClient {
  client: Client;
  /** Calls a tool, collecting its progress notifications into `progress`. */
  call(name: string, args?: Record<string, unknown>, progress?: Progress[]): Promise<ToolAnswer>;
  close(): Promise<void>;
}

function runtimeFor(options: ToolClientOptions): ServerRuntime {
  const config = parseServerConfig(options.flags ?? {});
  return {
    name: 'mcp-kubernetes',
    version: 'test',
    catalog: selectTools(allTools(), { ...config, inCluster: options.access.inCluster }),
    access: options.access,
    settings: toolSettingsOf(config),
    portForwards: options.portForwards ?? portForwardsOf(config),
    logger: pino({ level: 'silent' }),
  };
}

/** What the HTTP transport's bearer check attaches to each request when downstream OAuth is on. */
function authInfoFor(identity: ClusterIdentity): AuthInfo {
  return { token: 'test', clientId: 'test', scopes: [], extra: { [DOWNSTREAM_IDENTITY_KEY]: identity } };
}

export async function connectToolClient(options: ToolClientOptions): Promise<ToolClient> {
  const server = createSessionServer(runtimeFor(options), options.session ?? createToolSession());
  const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
  const { identity } = options;
  if (identity) {
    const send = clientEnd.send.bind(clientEnd);
    clientEnd.send = (message, sendOptions) =>
      send(message, { ...sendOptions, authInfo: authInfoFor(identity) });
  }
  await server.connect(serverEnd);
  const client = new Client(
    { name: 'tool-test', version: '1.0.0' },
    { capabilities: options.elicitation ? { elicitation: { form: {} } } : {} },
  );
  const { elicitation } = options;
  if (elicitation) client.setRequestHandler(ElicitRequestSchema, (request) => elicitation(request));
  await client.connect(clientEnd);
  // The SDK client checks a result's structuredContent against the outputSchema of the last
  // tools/list it saw: listing first puts that check on every call a test makes.
  await client.listTools();
  return {
    client,
    async call(name, args = {}, progress) {
      const result = (await client.callTool({ name, arguments: args }, undefined, {
        ...(progress && { onprogress: (update: Progress) => progress.push(update) }),
      })) as CallToolResult;
      const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      return {
        text,
        isError: result.isError === true,
        ...(result.structuredContent && { structured: result.structuredContent }),
      };
    },
    close: () => client.close(),
  };
}
