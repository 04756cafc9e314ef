// One folder per family of tools, its helpers beside it: reading/ (list, get, describe, events,
// api_resources), writing/ (create, apply, patch, delete, scale), rollout/, pods/ (logs, exec),
// nodes/ (cordon, drain), helm/ (Helm releases), portforward/ (port forwards held by each MCP
// session), cluster/ (health, can_i), metrics/ (top), proxy/ (http_get), contexts/ (kubeconfig
// contexts). Here, what every family shares: the
// tool contract (tool-definition, tool-effect, define-tool), the error mapping, the target and
// policies a call works under, common schemas and output helpers.

import { clusterTools } from './cluster/cluster-tools.js';
import { contextTools } from './contexts/context-tools.js';
import { helmTool } from './helm/helm-tool.js';
import { topTool } from './metrics/top-tool.js';
import { nodeTool } from './nodes/node-tool.js';
import { podTools } from './pods/pod-tools.js';
import { portForwardTools } from './portforward/port-forward-tools.js';
import { httpGetTool } from './proxy/http-get-tool.js';
import { readTools } from './reading/read-tools.js';
import { rolloutTool } from './rollout/rollout-tool.js';
import type { ToolDefinition } from './tool-definition.js';
import { writeTools } from './writing/write-tools.js';

export { callTarget, toolError, UsageError } from './error-mapping.js';
export { PortForwards } from './portforward/port-forwards.js';
export type {
  CallerPrincipal,
  ToolContext,
  ToolDefinition,
  ToolResult,
  ToolSettings,
} from './tool-definition.js';
export { annotationsOf, type ToolEffect } from './tool-effect.js';
export { scopeNeededFor } from './tool-scopes.js';
export type { ToolSession } from './tool-session.js';

/** Every kubernetes_* tool, in the order clients list them. */
export function allTools(): ToolDefinition[] {
  return [
    ...readTools,
    ...writeTools,
    rolloutTool,
    nodeTool,
    helmTool,
    ...podTools,
    ...portForwardTools,
    ...clusterTools,
    topTool,
    httpGetTool,
    ...contextTools,
  ];
}
