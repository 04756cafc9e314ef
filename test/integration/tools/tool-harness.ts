import { type DevCluster, type DevClusterOptions, startDevCluster } from '@mcp-kubernetes/devcluster';
import { type ClusterWithUsers, startClusterWithUsers } from '@mcp-kubernetes/devcluster/testing';
import { createClusterAccess } from '../../../src/k8s/cluster-access.js';
import type { ClusterAccess, ClusterIdentity } from '../../../src/k8s/cluster-client.js';
import { createToolSession } from '../../../src/mcp/tool-session.js';
import type { ServerConfigInput } from '../../../src/settings/server-config.js';
import { connectToolClient, type Progress, type ToolAnswer } from '../../helpers/tool-client.js';

// Calls the tools through the SDK's MCP client against the simulator, with a real ClusterAccess.
// Writes are allowed unless a test's flags say otherwise, as with `serve --non-destructive=false`.

export interface ToolCaller {
  /** Calls a tool; `flags` are `serve` flags for this call only, e.g. { dryRun: true }. */
  (name: string, args?: Record<string, unknown>, flags?: ServerConfigInput): Promise<ToolAnswer>;
  progress: Progress[];
}

export const HARNESS_FLAGS: ServerConfigInput = {
  nonDestructive: false,
  maxOutputBytes: 64 * 1024,
  requestTimeout: 10_000,
};

export function accessFor(kubeconfigYaml: string): ClusterAccess {
  return createClusterAccess({ kubeconfigYaml, qps: 1000, burst: 1000, requestTimeoutMs: 10_000 });
}

/**
 * One MCP session's worth of calls: its own current context, shared access. Each call connects
 * anew (in memory, so cheaply), so that a call may run under flags of its own.
 */
export function toolCaller(
  access: ClusterAccess,
  base: ServerConfigInput = {},
  identity?: ClusterIdentity,
): ToolCaller {
  const session = createToolSession();
  const progress: Progress[] = [];
  const call = async (name: string, args: Record<string, unknown> = {}, flags: ServerConfigInput = {}) => {
    const connection = await connectToolClient({
      access,
      session,
      flags: { ...HARNESS_FLAGS, ...base, ...flags },
      ...(identity && { identity }),
    });
    try {
      return await connection.call(name, args, progress);
    } finally {
      await connection.close();
    }
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

export interface ToolClusterWithUsers {
  /** The default-seeded cluster with its OIDC users (alice, bob, mallory...). */
  users: ClusterWithUsers;
  access: ClusterAccess;
  /** Calls as the cluster's admin. */
  admin: ToolCaller;
  stop(): Promise<void>;
}

/** For tests that call as the admin and as the seed's users with their own RBAC. */
export async function startToolClusterWithUsers(): Promise<ToolClusterWithUsers> {
  const users = await startClusterWithUsers({ seed: 'default' });
  const access = accessFor(users.devcluster.kubeconfig);
  return {
    users,
    access,
    admin: toolCaller(access),
    async stop() {
      await access.close();
      await users.stop();
    },
  };
}

/** The text of a result that must have succeeded. */
export function ok(result: ToolAnswer): string {
  if (result.isError) throw new Error(`expected success, got error: ${result.text}`);
  return result.text;
}

/** The text of a result that must have failed. */
export function failed(result: ToolAnswer): string {
  if (!result.isError) throw new Error(`expected an error, got: ${result.text}`);
  return result.text;
}

/** kubernetes_create of one object, in `namespace` when given; its answer, whether it worked or not. */
export function createObject(
  cluster: ToolCluster,
  object: Record<string, unknown>,
  namespace?: string,
): Promise<ToolAnswer> {
  return cluster.call('kubernetes_create', { object, ...(namespace && { namespace }) });
}
