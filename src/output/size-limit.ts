export interface OutputParts {
  /** Always shown, before the items (a table's column header, say). */
  header?: string;
  items: string[];
  /** Always shown, after the items. */
  footer?: string;
  /** Between two items; a newline unless given. */
  separator?: string;
}

export interface LimitedOutput {
  text: string;
  truncated: boolean;
  /** How many items the text shows, the last one possibly cut. */
  shown: number;
}

/**
 * Joins the parts into at most `maxBytes` of UTF-8, cutting at an item boundary. What is cut is never
 * dropped silently: a note says how much is shown and `hint` tells the reader how to see the rest.
 * Header and footer are always kept; an item too large on its own is cut at a line boundary.
 */
export function limitOutput(parts: OutputParts, maxBytes: number, hint: string): LimitedOutput {
  const { items } = parts;
  const separator = parts.separator ?? '\n';
  const assemble = (shownItems: string[], note?: string) =>
    [parts.header, shownItems.length > 0 ? shownItems.join(separator) : undefined, parts.footer, note]
      .filter((piece) => piece !== undefined)
      .join('\n');
  const whole = assemble(items);
  if (items.length === 0 || byteLength(whole) <= maxBytes) {
    return { text: whole, truncated: false, shown: items.length };
  }

  const facts = (shownItems: number): NoteFacts => ({
    shown: shownItems,
    total: items.length,
    maxBytes,
    hint,
  });
  // Room for the items once header, footer, the line break before them and the note are in.
  const roomBeside = (note: string) => maxBytes - byteLength(assemble([], note)) - byteLength('\n');
  let room = roomBeside(truncationNote(facts(items.length)));
  let shown = 0;
  for (const item of items) {
    const cost = byteLength(item) + (shown > 0 ? byteLength(separator) : 0);
    if (cost > room) break;
    room -= cost;
    shown += 1;
  }
  if (shown > 0) {
    return { text: assemble(items.slice(0, shown), truncationNote(facts(shown))), truncated: true, shown };
  }

  // Not even one item fits: show the first one's beginning rather than nothing.
  const lines = (items[0] ?? '').split('\n');
  const cutNote = (kept: number) => truncationNote({ ...facts(1), cutLines: { kept, of: lines.length } });
  const cut = linesThatFit(lines, Math.min(roomBeside(cutNote(lines.length)), roomBeside(cutNote(0))));
  shown = cut.text === '' ? 0 : 1;
  const note = truncationNote({ ...facts(shown), cutLines: { kept: cut.lines, of: lines.length } });
  return { text: assemble(shown ? [cut.text] : [], note), truncated: true, shown };
}

/** Whole lines while they fit; a first line longer than the room is cut at a character boundary. */
function linesThatFit(lines: string[], room: number): { text: string; lines: number } {
  let used = 0;
  let kept = 0;
  for (const line of lines) {
    const cost = byteLength(line) + (kept > 0 ? 1 : 0);
    if (used + cost > room) break;
    used += cost;
    kept += 1;
  }
  if (kept > 0) return { text: lines.slice(0, kept).join('\n'), lines: kept };
  return { text: prefixWithin(lines[0] ?? '', room), lines: 0 };
}

function prefixWithin(text: string, maxBytes: number): string {
  let prefix = '';
  for (const character of text) {
    if (byteLength(prefix + character) > maxBytes) break;
    prefix += character;
  }
  return prefix;
}

interface NoteFacts {
  shown: number;
  total: number;
  maxBytes: number;
  hint: string;
  /** Set when the only item shown had to be cut inside: how many of its lines are kept. */
  cutLines?: { kept: number; of: number };
}

function truncationNote({ shown, total, maxBytes, hint, cutLines }: NoteFacts): string {
  const limit = `(${formatBytes(maxBytes)} limit)`;
  const where = cutLines?.kept ? `after ${cutLines.kept} of ${cutLines.of} lines` : 'inside its first line';
  const what = cutLines
    ? `showing ${shown} of ${total} items, the first cut ${where}`
    : `showing ${shown} of ${total} items`;
  return `[output truncated: ${what} ${limit}. ${hint}]`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kib = bytes / 1024;
  return `${Number.isInteger(kib) ? kib : kib.toFixed(1)} KiB`;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
