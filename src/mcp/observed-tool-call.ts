import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServerRuntime } from './server-runtime.js';

/** Tool names outside the catalog (a client may send any text) are counted together. */
function toolLabel(runtime: ServerRuntime, name: string): string {
  return runtime.catalog.visible.some((tool) => tool.name === name) || runtime.catalog.hidden.has(name)
    ? name
    : 'unknown';
}

/** Counts a running tool call as work a graceful shutdown waits for; records its latency and outcome. */
export async function observeToolCall(
  runtime: ServerRuntime,
  name: string,
  running: Promise<CallToolResult>,
): Promise<CallToolResult> {
  const observability = runtime.observability;
  if (!observability) return running;
  const started = performance.now();
  observability.work.track(running);
  const result = await running;
  const seconds = (performance.now() - started) / 1000;
  const labels = { tool: toolLabel(runtime, name), outcome: result.isError ? 'error' : 'ok' };
  observability.metrics.toolCallDuration.observe(labels, seconds);
  runtime.logger.debug({ ...labels, durationMs: Math.round(seconds * 1000) }, 'tool call finished');
  return result;
}
