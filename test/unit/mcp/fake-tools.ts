import { z } from 'zod';
import type { ToolDefinition } from '../../../src/tools/tool-definition.js';
import { EXECS, READS_CLUSTER, SWITCHES_CONTEXT, writes } from '../../../src/tools/tool-effect.js';

/** A tool with the given effect and traits whose handler echoes its arguments. */
export function fakeTool(name: string, traits: Partial<ToolDefinition> = {}): ToolDefinition {
  return {
    name,
    title: name,
    description: `the ${name} tool`,
    inputSchema: z.strictObject({ namespace: z.string().optional(), replicas: z.number().int().optional() }),
    effect: READS_CLUSTER,
    handler: async (args) => ({ text: JSON.stringify(args) }),
    ...traits,
  };
}

export const FAKE_TOOLS = [
  fakeTool('kubernetes_list'),
  fakeTool('kubernetes_delete', { effect: writes({ destructive: true, idempotent: true }) }),
  fakeTool('kubernetes_exec', { effect: EXECS }),
  fakeTool('kubernetes_context_use', { effect: SWITCHES_CONTEXT }),
];
