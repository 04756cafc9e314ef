import { z } from 'zod';
import type { ToolDefinition } from '../../../src/tools/tool-definition.js';

/** A tool with the given traits whose handler echoes its arguments. */
export function fakeTool(name: string, traits: Partial<ToolDefinition> = {}): ToolDefinition {
  return {
    name,
    title: name,
    description: `the ${name} tool`,
    inputSchema: z.strictObject({ namespace: z.string().optional(), replicas: z.number().int().optional() }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    writes: false,
    execs: false,
    contextTool: false,
    handler: async (args) => ({ text: JSON.stringify(args) }),
    ...traits,
  };
}

export const FAKE_TOOLS = [
  fakeTool('kubernetes_list'),
  fakeTool('kubernetes_delete', { writes: true }),
  fakeTool('kubernetes_exec', { execs: true }),
  fakeTool('kubernetes_context_use', { contextTool: true }),
];
