// Go's strconv.Quote (fmt's %q and a string's %#v): how the apiserver quotes names and values in its messages.

const NAMED_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrintable(character: string): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(character);
}

/** One character as it stands between Go's quotes: named escape, \xNN, \uNNNN, \UNNNNNNNN or itself. */
export function goEscape(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  const named = NAMED_ESCAPES[character];
  if (named !== undefined) return named;
  if (codePoint < 0x20 || codePoint === 0x7f) return `\\x${codePoint.toString(16).padStart(2, '0')}`;
  if (isGoPrintable(character)) return character;
  return codePoint > 0xffff
    ? `\\U${codePoint.toString(16).padStart(8, '0')}`
    : `\\u${codePoint.toString(16).padStart(4, '0')}`;
}

/** A string as Go's %q (strconv.Quote) prints it. */
export function goQuote(value: string): string {
  let quoted = '"';
  for (const character of value) quoted += goEscape(character);
  return `${quoted}"`;
}
