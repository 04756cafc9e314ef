// Paths into an object as structured-merge-diff's fieldpath names them: a field of a map or
// struct, an item of a keyed list, a value of a set, or an index of an atomic list. Each element
// has the token FieldsV1 stores (`f:name`, `k:{"name":"web"}`, `v:"x"`, `i:0`) and the text
// conflicts print (`.name`, `[name="web"]`, `[="x"]`, `[0]`).

export type PathElement =
  | { field: string }
  | { key: Record<string, unknown> }
  | { value: unknown }
  | { index: number };

export type FieldPath = readonly PathElement[];

/** A keyed-list item's key fields, sorted by name as the real encoding sorts them. */
function sortedKey(key: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(key).sort(([a], [b]) => compareStrings(a, b)));
}

export function keyElement(key: Record<string, unknown>): PathElement {
  return { key: sortedKey(key) };
}

/** The FieldsV1 token of one element; equal elements have equal tokens. */
export function elementToken(element: PathElement): string {
  if ('field' in element) return `f:${element.field}`;
  if ('key' in element) return `k:${JSON.stringify(sortedKey(element.key))}`;
  if ('value' in element) return `v:${JSON.stringify(element.value)}`;
  return `i:${element.index}`;
}

export function parseElementToken(token: string): PathElement {
  const body = token.slice(2);
  switch (token.slice(0, 2)) {
    case 'f:':
      return { field: body };
    case 'k:':
      return keyElement(JSON.parse(body) as Record<string, unknown>);
    case 'v:':
      return { value: JSON.parse(body) as unknown };
    case 'i:':
      return { index: Number(body) };
    default:
      throw new Error(`unexpected path element token ${JSON.stringify(token)}`);
  }
}

/** value.ToString: strings quoted, everything else as JSON. */
function valueText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function elementText(element: PathElement): string {
  if ('field' in element) return `.${element.field}`;
  if ('key' in element) {
    const parts = Object.entries(element.key).map(([name, value]) => `${name}=${valueText(value)}`);
    return `[${parts.join(',')}]`;
  }
  if ('value' in element) return `[=${valueText(element.value)}]`;
  return `[${element.index}]`;
}

/** The path as conflicts print it, e.g. `.spec.template.spec.containers[name="web"].image`. */
export function pathToString(path: FieldPath): string {
  return path.map(elementText).join('');
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const TYPE_RANK: Record<string, number> = { number: 0, string: 1, boolean: 2 };

/** An order on scalar values: numbers, then strings, then booleans, then anything else. */
function compareValues(a: unknown, b: unknown): number {
  const rankA = TYPE_RANK[typeof a] ?? 3;
  const rankB = TYPE_RANK[typeof b] ?? 3;
  if (rankA !== rankB) return rankA - rankB;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareStrings(valueText(a), valueText(b));
}

function compareKeys(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const left = Object.entries(a);
  const right = Object.entries(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const [nameA, valueA] = left[i] as [string, unknown];
    const [nameB, valueB] = right[i] as [string, unknown];
    const order = compareStrings(nameA, nameB) || compareValues(valueA, valueB);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

function rank(element: PathElement): number {
  if ('field' in element) return 0;
  if ('key' in element) return 1;
  if ('value' in element) return 2;
  return 3;
}

/** fieldpath's element order: fields, then keys, then values, then indexes. */
export function compareElements(a: PathElement, b: PathElement): number {
  const byKind = rank(a) - rank(b);
  if (byKind !== 0) return byKind;
  if ('field' in a && 'field' in b) return compareStrings(a.field, b.field);
  if ('key' in a && 'key' in b) return compareKeys(a.key, b.key);
  if ('value' in a && 'value' in b) return compareValues(a.value, b.value);
  if ('index' in a && 'index' in b) return a.index - b.index;
  return 0;
}
