import { clusterTools } from './cluster-tools.js';
import { contextTools } from './context-tools.js';
import { podTools } from './pod-tools.js';
import { readTools } from './read-tools.js';
import { rolloutTool } from './rollout-tools.js';
import type { ToolDefinition } from './tool-definition.js';
import { writeTools } from './write-tools.js';

export type {
  ToolContext,
  ToolDefinition,
  ToolResult,
  ToolSession,
  ToolSettings,
} from './tool-definition.js';

/** Every kubernetes_* tool, in the order clients list them. */
export function allTools(): ToolDefinition[] {
  return [...readTools, ...writeTools, rolloutTool, ...podTools, ...clusterTools, ...contextTools];
}
