import { inSpan, type RequestLogFields } from '../observability/index.js';
import type { ServerRuntime } from './server-runtime.js';
import type { ToolCallAnswer } from './tool-call.js';

/** Tool names outside the catalog (a client may send any text) are counted together. */
function toolLabel(runtime: ServerRuntime, name: string): string {
  return runtime.catalog.visible.some((tool) => tool.name === name) || runtime.catalog.hidden.has(name)
    ? name
    : 'unknown';
}

/** A round that asks the user a question has not failed. */
function failed(answer: ToolCallAnswer): boolean {
  return 'isError' in answer && answer.isError === true;
}

/**
 * Runs a tool call in its span, counts it as work a graceful shutdown waits for, and records its
 * latency and outcome.
 */
export function observeToolCall(
  runtime: ServerRuntime,
  name: string,
  call: () => Promise<ToolCallAnswer>,
  /** Fields for its log line: the HTTP request it came in (`requestLogFields`). */
  logFields: RequestLogFields = {},
): Promise<ToolCallAnswer> {
  const tool = toolLabel(runtime, name);
  return inSpan(
    `tools/call ${tool}`,
    { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': tool },
    () => measured(runtime, tool, call(), logFields),
    (result) => ({ failed: failed(result) }),
  );
}

async function measured(
  runtime: ServerRuntime,
  tool: string,
  running: Promise<ToolCallAnswer>,
  logFields: RequestLogFields,
): Promise<ToolCallAnswer> {
  const observability = runtime.observability;
  if (!observability) return running;
  const started = performance.now();
  observability.work.track(running);
  const result = await running;
  const seconds = (performance.now() - started) / 1000;
  const labels = { tool, outcome: failed(result) ? 'error' : 'ok' };
  observability.metrics.toolCallDuration.observe(labels, seconds);
  runtime.logger.debug(
    { ...logFields, ...labels, durationMs: Math.round(seconds * 1000) },
    'tool call finished',
  );
  return result;
}
