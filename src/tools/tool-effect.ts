// What a tool does to the world, declared once per tool. The MCP annotations clients see and the
// tool's visibility under --read-only, --non-destructive, --dry-run and in-cluster both follow from
// it, so they cannot disagree.
//
// Why not the annotations alone, as the Go peer's isToolApplicable reads them: MCP's hints do not
// say all that visibility needs. kubernetes_create is a write that destroys nothing;
// kubernetes_context_use is not read-only yet changes only the session; kubernetes_rollout is
// destructive yet stays listed because half its actions only read; kubernetes_exec writes no object
// yet is the most dangerous of all.

export type ToolEffect =
  /** Reads the cluster. */
  | { kind: 'reads-cluster' }
  /** Reads the kubeconfig's contexts, which do not exist when the server runs in-cluster. */
  | { kind: 'reads-kubeconfig' }
  /** Changes which kubeconfig context this MCP session uses; nothing in the cluster. */
  | { kind: 'switches-context' }
  /** Changes cluster objects. */
  | { kind: 'writes'; destructive: boolean; idempotent: boolean }
  /** Some actions read, others write: listed when writes are off, where the writing actions refuse. */
  | { kind: 'reads-or-writes-by-action'; writingActions: ReadonlySet<string> }
  /** Runs commands in containers. */
  | { kind: 'execs' }
  /**
   * Starts, lists or stops this MCP session's port forwards: listeners on the server's loopback
   * tunnelled to pods. It changes no object, yet opens network access into the pods.
   */
  | { kind: 'forwards-ports'; action: 'start' | 'list' | 'stop' };

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export const READS_CLUSTER: ToolEffect = { kind: 'reads-cluster' };
export const READS_KUBECONFIG: ToolEffect = { kind: 'reads-kubeconfig' };
export const SWITCHES_CONTEXT: ToolEffect = { kind: 'switches-context' };
export const EXECS: ToolEffect = { kind: 'execs' };

/** A port-forward tool: `start` opens a listener, `list` only shows them, `stop` closes them. */
export function forwardsPorts(action: 'start' | 'list' | 'stop'): ToolEffect {
  return { kind: 'forwards-ports', action };
}

/** Reads or writes by its `action` argument: the `writingActions` write. */
export function readsOrWritesByAction(writingActions: readonly string[]): ToolEffect {
  return { kind: 'reads-or-writes-by-action', writingActions: new Set(writingActions) };
}

/** A write; `destructive`: it can remove or overwrite what is there, `idempotent`: repeating it changes nothing more. */
export function writes(hints: { destructive: boolean; idempotent: boolean }): ToolEffect {
  return { kind: 'writes', ...hints };
}

function hints(readOnly: boolean, destructive: boolean, idempotent: boolean): ToolAnnotations {
  // Every tool talks to a Kubernetes cluster or its kubeconfig: outside this server's own world.
  return {
    readOnlyHint: readOnly,
    destructiveHint: destructive,
    idempotentHint: idempotent,
    openWorldHint: true,
  };
}

/** The MCP annotations of a tool with this effect. */
export function annotationsOf(effect: ToolEffect): ToolAnnotations {
  switch (effect.kind) {
    case 'reads-cluster':
    case 'reads-kubeconfig':
      return hints(true, false, true);
    case 'switches-context':
      return hints(false, false, true);
    case 'writes':
      return hints(false, effect.destructive, effect.idempotent);
    case 'reads-or-writes-by-action':
    case 'execs':
      return hints(false, true, false);
    case 'forwards-ports':
      if (effect.action === 'list') return hints(true, false, true);
      // Stopping twice leaves the same: no forward. Starting twice opens two.
      return hints(false, false, effect.action === 'stop');
  }
}
