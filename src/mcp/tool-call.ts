import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { KubernetesError } from '../k8s/kubernetes-error.js';
import type { ToolContext, ToolDefinition, ToolResult } from '../tools/tool-definition.js';
import type { ServerRuntime } from './server-runtime.js';
import { checkArguments } from './tool-arguments.js';

function toCallResult(result: ToolResult): CallToolResult {
  return { content: [{ type: 'text', text: result.text }], isError: result.isError === true };
}

function errorResult(text: string): CallToolResult {
  return toCallResult({ text, isError: true });
}

function describeKubernetesError(error: KubernetesError): string {
  const suggestions = error.suggestions.filter((name) => !error.message.includes(name));
  return suggestions.length > 0 ? `${error.message} Did you mean: ${suggestions.join(', ')}?` : error.message;
}

/**
 * Runs one tool call to the end: refuses hidden tools, checks the arguments, and turns whatever
 * the handler does, including throwing, into a result; the server keeps serving either way.
 */
export async function callTool(
  runtime: ServerRuntime,
  name: string,
  args: unknown,
  context: Omit<ToolContext, 'access' | 'settings'>,
): Promise<CallToolResult> {
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
  try {
    const result = await tool.handler(checked.value, {
      ...context,
      access: runtime.access,
      settings: runtime.settings,
    });
    return toCallResult(result);
  } catch (error) {
    if (error instanceof KubernetesError) return errorResult(describeKubernetesError(error));
    // Anything else is a bug of ours: the details go to the log, not to the model.
    runtime.logger.error({ err: error, tool: name }, 'tool failed unexpectedly');
    return errorResult(
      `${name} failed unexpectedly; the error is in the server's log. Try again, or report it.`,
    );
  }
}
