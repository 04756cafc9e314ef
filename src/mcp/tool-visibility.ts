import { ConfigError } from '../config/index.js';
import type { ToolDefinition, ToolEffect } from '../tools/index.js';

export interface VisibilityPolicy {
  nonDestructive: boolean;
  readOnly: boolean;
  dryRun: boolean;
  inCluster: boolean;
  /** stdio, or an HTTP transport, where forwarded ports would open on the server's machine. */
  transport: string;
  allowPortForward: boolean;
  /** Streamable HTTP without sessions: each call is a session of its own. */
  stateless: boolean;
  enabledTools: string[];
  disabledTools: string[];
}

export interface ToolCatalog {
  visible: ToolDefinition[];
  /** Why each hidden tool is hidden, in words that tell the caller how to get it. */
  hidden: Map<string, string>;
}

/** Why the safety flags forbid writes or exec, or undefined when they allow them. */
export function safetyRefusal(action: 'writes' | 'exec', policy: VisibilityPolicy): string | undefined {
  if (policy.readOnly)
    return `the server runs with --read-only; start it without --read-only to allow ${action}`;
  if (action === 'exec' && policy.dryRun) {
    return 'the server runs with --dry-run, and a command run in a container cannot be a dry run';
  }
  if (policy.nonDestructive && !policy.dryRun) {
    return (
      'the server runs with --non-destructive (the default); start it with --non-destructive=false ' +
      `to allow ${action}${action === 'exec' ? '' : ', or with --dry-run to have them validated without storing anything'}`
    );
  }
  return undefined;
}

const NO_KUBECONFIG =
  'the server runs in-cluster with its service account, where there are no kubeconfig contexts';

/**
 * Why the port-forward tools are not offered, or undefined when they are. They open network access
 * into pods, so they are offered where exec is (stdio with --non-destructive=false) or when
 * --allow-port-forward asks for them; never under --read-only. Over HTTP, only with the flag: the
 * ports open on the server's machine, not on the caller's.
 */
function portForwardRefusal(policy: VisibilityPolicy): string | undefined {
  if (policy.readOnly) {
    return 'the server runs with --read-only, which also hides port forwarding (it opens access into pods)';
  }
  if (policy.stateless && policy.transport !== 'stdio') {
    return 'the server runs with --stateless, where each call is a session of its own: a port forward would close as soon as it opened';
  }
  if (policy.allowPortForward) return undefined;
  if (policy.transport !== 'stdio') {
    return (
      `over ${policy.transport} a forwarded port would open on the server's machine, not on yours; ` +
      'start the server with --allow-port-forward to allow it'
    );
  }
  if (policy.dryRun) {
    return (
      'the server runs with --dry-run, and a port forward cannot be a dry run; start it with ' +
      '--allow-port-forward to allow it'
    );
  }
  if (policy.nonDestructive) {
    return (
      'the server runs with --non-destructive (the default), which hides port forwarding as it hides exec; ' +
      'start it with --non-destructive=false or --allow-port-forward to allow it'
    );
  }
  return undefined;
}

/** Why the tool's effect keeps it from being offered, or undefined when the flags allow it. */
function effectHidingReason(effect: ToolEffect, policy: VisibilityPolicy): string | undefined {
  switch (effect.kind) {
    case 'execs':
      return safetyRefusal('exec', policy);
    case 'writes':
      return safetyRefusal('writes', policy);
    case 'forwards-ports':
      return portForwardRefusal(policy);
    case 'reads-kubeconfig':
    case 'switches-context':
      return policy.inCluster ? NO_KUBECONFIG : undefined;
    case 'reads-cluster':
    // Its reading actions stay useful; the writing ones refuse by themselves (ToolSettings).
    case 'reads-or-writes-by-action':
      return undefined;
  }
}

/** Why the flags hide a tool, or undefined when they let it through. */
function hidingReason(tool: ToolDefinition, policy: VisibilityPolicy): string | undefined {
  const byEffect = effectHidingReason(tool.effect, policy);
  if (byEffect) return byEffect;
  if (policy.disabledTools.includes(tool.name)) return 'it is listed in --disabled-tools';
  if (policy.enabledTools.length > 0 && !policy.enabledTools.includes(tool.name)) {
    return 'it is not listed in --enabled-tools';
  }
  return undefined;
}

function requireKnownNames(flag: string, names: string[], tools: ToolDefinition[]): void {
  const known = new Set(tools.map((tool) => tool.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ConfigError([
      `${flag} names unknown tools: ${unknown.join(', ')} (known tools: ${[...known].join(', ')})`,
    ]);
  }
}

/** Splits the tools into those offered and those hidden by the safety flags. */
export function selectTools(tools: ToolDefinition[], policy: VisibilityPolicy): ToolCatalog {
  requireKnownNames('--enabled-tools', policy.enabledTools, tools);
  requireKnownNames('--disabled-tools', policy.disabledTools, tools);
  const catalog: ToolCatalog = { visible: [], hidden: new Map() };
  for (const tool of tools) {
    const reason = hidingReason(tool, policy);
    if (reason) catalog.hidden.set(tool.name, reason);
    else catalog.visible.push(tool);
  }
  return catalog;
}
