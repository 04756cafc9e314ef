import {
  KUBERNETES_EXEC,
  KUBERNETES_PORT_FORWARD,
  KUBERNETES_READ,
  KUBERNETES_WRITE,
  type KubernetesScope,
} from '../oauth/index.js';
import type { ToolEffect } from './tool-effect.js';

/**
 * The scope of ours a call needs, from what the tool does (its effect) and, for a tool whose actions
 * differ, the `action` it is asked for. Switching the session's context changes nothing in the
 * cluster: reading is enough. Listing and stopping port forwards need the port-forward scope too:
 * a token without it has no forwards to see.
 */
export function scopeNeededFor(effect: ToolEffect, args: unknown): KubernetesScope {
  switch (effect.kind) {
    case 'reads-cluster':
    case 'reads-kubeconfig':
    case 'switches-context':
      return KUBERNETES_READ;
    case 'writes':
      return KUBERNETES_WRITE;
    case 'reads-or-writes-by-action':
      return effect.writingActions.has(actionOf(args)) ? KUBERNETES_WRITE : KUBERNETES_READ;
    case 'execs':
      return KUBERNETES_EXEC;
    case 'forwards-ports':
      return KUBERNETES_PORT_FORWARD;
  }
}

function actionOf(args: unknown): string {
  const action =
    typeof args === 'object' && args !== null ? (args as { action?: unknown }).action : undefined;
  return typeof action === 'string' ? action : '';
}
