import type { z } from 'zod';
import { type CallTarget, toolError } from './error-mapping.js';
import { TargetedFailure } from './target.js';
import type { ToolDefinition, ToolResult } from './tool-definition.js';

// Every tool is built through defineTool, so no handler formats its own errors: whatever it
// throws becomes one clear tool error, naming what the call was about.

function targetFromArgs(tool: string, args: Record<string, unknown>): CallTarget {
  const text = (key: string) => (typeof args[key] === 'string' ? (args[key] as string) : undefined);
  const target: CallTarget = { tool };
  for (const key of ['resourceType', 'name', 'namespace'] as const) {
    const value = text(key);
    if (value !== undefined) target[key] = value;
  }
  return target;
}

/** The tool error for anything thrown; a failure tagged with its target names it better than the args. */
export function describeFailure(error: unknown, fallback: CallTarget): ToolResult {
  if (error instanceof TargetedFailure) {
    return toolError(error.failure, { ...(fallback.tool && { tool: fallback.tool }), ...error.target });
  }
  return toolError(error, fallback);
}

export function defineTool<Schema extends z.ZodObject>(
  definition: ToolDefinition<Schema>,
): ToolDefinition<Schema> {
  const { handler } = definition;
  return {
    ...definition,
    async handler(args, context) {
      try {
        return await handler(args, context);
      } catch (error) {
        return describeFailure(error, targetFromArgs(definition.name, args as Record<string, unknown>));
      }
    },
  };
}
