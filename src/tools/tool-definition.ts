import type { z } from 'zod';
import type { ClusterAccess, ClusterIdentity } from '../k8s/index.js';
import type { PortForwards } from './portforward/port-forwards.js';
import type { ToolEffect } from './tool-effect.js';
import type { ToolSession } from './tool-session.js';

// The contract between the MCP layer and the tools: a tool is a strict input schema, what it does
// to the world (its effect), and a handler that works through the context it is handed.

export interface ToolSettings {
  /** Writes are sent with dryRun=All (validated by the API server, nothing stored). */
  dryRun: boolean;
  /** When set, every call is confined to these namespaces. */
  allowedNamespaces?: string[];
  /** Resources no tool may touch: `secrets`, `apps/deployments`, `rbac.authorization.k8s.io/*`. */
  deniedResources: string[];
  /** Results above this many bytes are cut at an item boundary, with a note. */
  maxOutputBytes: number;
  /** kubernetes_http_get reads at most this many bytes of a response body. */
  httpGetMaxBytes: number;
  /** Timeout of one Kubernetes request, in milliseconds. */
  requestTimeoutMs: number;
  /**
   * Set when the safety flags forbid writes, saying which flag and how to change it. Tools that
   * mix reading and writing actions (kubernetes_rollout) stay listed and refuse only the writes.
   */
  writesDisabledReason?: string;
  /** --confirm-destructive: when the MCP layer asks the user before a call with a `confirmation`. */
  confirmDestructive: 'auto' | 'always' | 'never';
}

/** The person behind a call, as the OAuth server verified them. */
export interface CallerPrincipal {
  subject: string;
  email?: string;
  groups: readonly string[];
  scopes: readonly string[];
  clientId: string;
}

export interface ToolContext {
  access: ClusterAccess;
  session: ToolSession;
  settings: ToolSettings;
  /** The server's port forwards, each held by the session that started it. */
  portForwards: PortForwards;
  /** Who is calling, when the HTTP transport runs with OAuth. */
  principal?: CallerPrincipal;
  /** Who the call acts as in the cluster when downstream OAuth is on; absent: the server's credentials. */
  identity?: ClusterIdentity;
  signal: AbortSignal;
  /** Sends an MCP progress notification when the client asked for them; otherwise nothing. */
  reportProgress(progress: number, total?: number, message?: string): Promise<void>;
}

export interface ToolResult {
  text: string;
  isError?: boolean;
  /** The answer as data, for a tool with an outputSchema: it must match that schema. */
  structured?: Record<string, unknown>;
}

export interface ToolDefinition<Schema extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  /** Written for a model: what the tool does, when to use it, what it returns. */
  description: string;
  /** A strict object schema: unknown arguments are rejected. */
  inputSchema: Schema;
  /**
   * For a tool whose answer is data: the shape of `structured` in every successful result, which
   * MCP clients check (the text block still carries the same answer for clients that read only text).
   */
  outputSchema?: z.ZodObject;
  /** What a call does: the MCP annotations and the flags that hide the tool follow from it. */
  effect: ToolEffect;
  /**
   * For calls that destroy something: what the call will do, to which objects, as the user is asked
   * to confirm it ("Delete deployment team-a/web"); undefined when this call destroys nothing.
   */
  confirmation?(args: z.infer<Schema>): string | undefined;
  handler(args: z.infer<Schema>, context: ToolContext): Promise<ToolResult>;
}
