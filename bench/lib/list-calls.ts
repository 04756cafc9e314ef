// The same question asked of each server: "the pods of namespace load" (and of one pod, and of
// the nodes), in each server's own tool vocabulary.

export type ServerKind = 'ours' | 'go' | 'flux';

export interface ToolCall {
  name: string;
  args: Record<string, unknown>;
}

/** Every pod of namespace `load` in one answer (ours: one page of `limit`). */
export function listPodsCall(kind: ServerKind, limit: number): ToolCall {
  switch (kind) {
    case 'ours':
      return { name: 'kubernetes_list', args: { resourceType: 'pods', namespace: 'load', limit } };
    case 'go':
      return { name: 'pods_list_in_namespace', args: { namespace: 'load' } };
    case 'flux':
      return { name: 'kubectl_get', args: { resourceType: 'pods', namespace: 'load' } };
  }
}
