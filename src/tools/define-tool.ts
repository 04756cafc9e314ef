import type { z } from 'zod';
import type { ToolDefinition } from './tool-definition.js';

/**
 * Declares a tool. It only lets TypeScript type the handler's arguments from the input schema: what
 * a handler throws is turned into a tool error in one place, where the MCP layer calls it (toolError).
 */
export function defineTool<Schema extends z.ZodObject>(
  definition: ToolDefinition<Schema>,
): ToolDefinition<Schema> {
  return definition;
}
