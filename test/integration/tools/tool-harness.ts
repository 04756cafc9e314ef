import { type DevCluster, type DevClusterOptions, startDevCluster } from '@mcp-kubernetes/devcluster';
import { createClusterAccess } from '../../../src/k8s/cluster-access.js';
import type { ClusterAccess } from '../../../src/k8s/cluster-client.js';
import { allTools } from '../../../src/tools/index.js';
import type { ToolContext, ToolResult, ToolSettings } from '../../../src/tools/tool-definition.js';

// Calls tool handlers directly, as the MCP layer does (arguments parsed by the tool's own schema),
// with a real ClusterAccess against the simulator.

export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

export interface ToolCaller {
  (name: string, args?: Record<string, unknown>, settings?: Partial<ToolSettings>): Promise<ToolResult>;
  progress: Progress[];
}

const tools = new Map(allTools().map((tool) => [tool.name, tool]));

export const DEFAULT_SETTINGS: ToolSettings = {
  dryRun: false,
  deniedResources: [],
  maxOutputBytes: 64 * 1024,
  requestTimeoutMs: 10_000,
};

export function accessFor(kubeconfigYaml: string): ClusterAccess {
  return createClusterAccess({ kubeconfigYaml, qps: 1000, burst: 1000, requestTimeoutMs: 10_000 });
}

/** One MCP session's worth of calls: its own current context, shared access. */
export function toolCaller(
  access: ClusterAccess,
  base: Partial<ToolSettings> = {},
  identity?: { bearerToken: string },
): ToolCaller {
  let currentContext: string | undefined;
  const progress: Progress[] = [];
  const call = async (
    name: string,
    args: Record<string, unknown> = {},
    settings: Partial<ToolSettings> = {},
  ) => {
    const tool = tools.get(name);
    if (!tool) throw new Error(`no tool ${name}`);
    const context: ToolContext = {
      access,
      session: {
        currentContext: () => currentContext,
        useContext: (contextName) => (currentContext = contextName),
      },
      settings: { ...DEFAULT_SETTINGS, ...base, ...settings },
      ...(identity && { identity }),
      signal: new AbortController().signal,
      async reportProgress(value, total, message) {
        progress.push({
          progress: value,
          ...(total !== undefined && { total }),
          ...(message && { message }),
        });
      },
    };
    return tool.handler(tool.inputSchema.parse(args), context);
  };
  return Object.assign(call, { progress });
}

export interface ToolCluster {
  devcluster: DevCluster;
  access: ClusterAccess;
  call: ToolCaller;
  stop(): Promise<void>;
}

export async function startToolCluster(options: DevClusterOptions = {}): Promise<ToolCluster> {
  const devcluster = await startDevCluster({ seed: 'default', ...options });
  const access = accessFor(devcluster.kubeconfig);
  return {
    devcluster,
    access,
    call: toolCaller(access),
    async stop() {
      await access.close();
      await devcluster.stop();
    },
  };
}

/** The text of a result that must have succeeded. */
export function ok(result: ToolResult): string {
  if (result.isError) throw new Error(`expected success, got error: ${result.text}`);
  return result.text;
}

/** The text of a result that must have failed. */
export function failed(result: ToolResult): string {
  if (!result.isError) throw new Error(`expected an error, got: ${result.text}`);
  return result.text;
}
