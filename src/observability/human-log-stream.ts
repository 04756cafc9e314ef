import type { DestinationStream } from 'pino';

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
// Fields every line has, or that the line's layout already shows.
const LAYOUT_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name']);

function clockTime(epochMs: unknown): string {
  return typeof epochMs === 'number' ? new Date(epochMs).toISOString().slice(11, 23) : '--:--:--.---';
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

function formatLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const { err, ...rest } = record;
  const fields = Object.entries(rest)
    .filter(([key]) => !LAYOUT_FIELDS.has(key))
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  const level = LEVEL_NAMES[Number(record.level)] ?? String(record.level);
  const head = [clockTime(record.time), level, String(record.msg ?? ''), ...fields].join(' ');
  const stack = (err as { stack?: unknown } | undefined)?.stack;
  return `${head}${typeof stack === 'string' ? `\n  ${stack.replaceAll('\n', '\n  ')}` : ''}\n`;
}

/**
 * A compact, human-readable rendering of pino's JSON lines for a terminal (`12:00:01.123 INFO  MCP
 * server started transport=stdio`). pino redacts before it serializes, so what reaches this stream is
 * already free of secrets; pino-pretty would do the same but is not a dependency we want to ship.
 */
export function humanLogStream(output: { write(text: string): unknown }): DestinationStream {
  return { write: (line: string) => void output.write(formatLine(line)) };
}
