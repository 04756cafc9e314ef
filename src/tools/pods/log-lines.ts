import { UsageError } from '../error-mapping.js';

// Shaping log lines for a model: an optional grep, and a byte cap that keeps the newest lines
// (the end of a log is what explains a crash), saying how many older lines were left out.

export type LineFilter = (line: string) => boolean;

/** `/pattern/flags` is a regular expression; anything else is a plain substring. */
export function lineFilter(grep: string | undefined): LineFilter {
  if (!grep) return () => true;
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(grep);
  if (!regex) return (line) => line.includes(grep);
  try {
    const pattern = new RegExp(regex[1] ?? '', (regex[2] ?? '').replace(/[gy]/g, ''));
    return (line) => pattern.test(line);
  } catch (error) {
    throw new UsageError(`grep "${grep}" is not a valid regular expression: ${(error as Error).message}`);
  }
}

export function logLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The last lines that fit in `maxBytes`, with a note when older ones were left out. */
export function keepNewestLines(lines: string[], maxBytes: number, hint: string): string {
  const note = (kept: number) =>
    `[output truncated: showing the last ${kept} of ${lines.length} lines ` +
    `(${maxBytes} bytes limit). ${hint}]`;
  let room = maxBytes - Buffer.byteLength(note(lines.length)) - 1;
  let kept = 0;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const cost = Buffer.byteLength(lines[index] ?? '') + 1;
    if (cost > room) break;
    room -= cost;
    kept += 1;
  }
  if (kept === lines.length) return lines.join('\n');
  return [note(kept), ...lines.slice(lines.length - kept)].join('\n');
}
