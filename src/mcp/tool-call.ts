import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import type { RequestLogFields } from '../observability/index.js';
import {
  callTarget,
  type ToolContext,
  type ToolDefinition,
  type ToolResult,
  toolError,
} from '../tools/index.js';
import type { Confirmation } from './destructive-confirmation.js';
import type { ServerRuntime } from './server-runtime.js';
import { checkArguments } from './tool-arguments.js';

export interface CallOptions {
  /** Asks the user to confirm a destructive call, as --confirm-destructive says; default: go on. */
  confirm?: (what: string) => Confirmation;
  /** For its log lines: the HTTP request that carried the call (`requestLogFields`). */
  logFields?: RequestLogFields;
}

const GO_ON = (): Confirmation => ({ go: true });

/** A tool call's result, or the question its multi round-trip asks first. */
export type ToolCallAnswer = CallToolResult | InputRequiredResult;

function toCallResult(result: ToolResult): CallToolResult {
  return {
    content: [{ type: 'text', text: result.text }],
    ...(result.structured && !result.isError && { structuredContent: result.structured }),
    isError: result.isError === true,
  };
}

function errorResult(text: string): CallToolResult {
  return toCallResult({ text, isError: true });
}

/**
 * Runs one tool call to the end: refuses hidden tools, checks the arguments, and turns whatever
 * the handler does, including throwing, into a result; the server keeps serving either way.
 */
export async function callTool(
  runtime: ServerRuntime,
  name: string,
  args: unknown,
  context: Omit<ToolContext, 'access' | 'settings' | 'portForwards'>,
  { confirm = GO_ON, logFields }: CallOptions = {},
): Promise<ToolCallAnswer> {
  const hiddenBecause = runtime.catalog.hidden.get(name);
  if (hiddenBecause) return errorResult(`${name} is disabled: ${hiddenBecause}`);
  const tool: ToolDefinition | undefined = runtime.catalog.visible.find(
    (candidate) => candidate.name === name,
  );
  if (!tool) {
    const names = runtime.catalog.visible.map((candidate) => candidate.name).join(', ');
    return errorResult(`There is no tool named ${name}; the tools are: ${names}`);
  }
  const checked = checkArguments(name, tool.inputSchema, args);
  if (!checked.ok) return errorResult(checked.problem);
  // Under --dry-run nothing is stored, so there is nothing to confirm; with writes off, a tool
  // listed for its reading actions (kubernetes_helm) refuses its writing ones without asking.
  const nothingToConfirm = runtime.settings.dryRun || runtime.settings.writesDisabledReason !== undefined;
  const what = nothingToConfirm ? undefined : tool.confirmation?.(checked.value);
  if (what) {
    const confirmation = confirm(what);
    if ('ask' in confirmation) return confirmation.ask;
    if (!confirmation.go) return errorResult(confirmation.why);
  }
  try {
    const result = await tool.handler(checked.value, {
      ...context,
      access: runtime.access,
      settings: runtime.settings,
      portForwards: runtime.portForwards,
    });
    return toCallResult(result);
  } catch (error) {
    // A cancelled call throws whatever the canceller gave as the reason (the SDK: the client's text):
    // no bug of ours, and nobody reads the answer.
    const logBug = (bug: unknown) => {
      if (!context.signal.aborted)
        runtime.logger.error({ ...logFields, err: bug, tool: name }, 'tool failed unexpectedly');
    };
    return toCallResult(toolError(error, callTarget(name, checked.value), logBug));
  }
}
