// Label selectors with the grammar of apimachinery's labels.Parse: equality (=, ==, !=),
// sets (in, notin), existence (key, !key) and the numeric gt/lt operators.

export type LabelOperator = 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export type LabelSelector = LabelRequirement[];

export class SelectorParseError extends Error {}

const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string): string {
  if (!QUALIFIED_NAME.test(key) || key.length > 317) {
    throw new SelectorParseError(
      `unable to parse requirement: key: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return key;
}

function checkValue(value: string): string {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw new SelectorParseError(
      `unable to parse requirement: values[0]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return value;
}

/** Splits on commas that are not inside a `( ... )` value set. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw new SelectorParseError(`found ')', expected: ',' or end of string in "${text}"`);
  }
  if (depth !== 0) throw new SelectorParseError(`found '', expected: ')' in "${text}"`);
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

function parseSet(text: string, whole: string): string[] {
  const match = /^\((.*)\)$/s.exec(text.trim());
  if (!match) throw new SelectorParseError(`found '${text.trim()}', expected: '(' in "${whole}"`);
  const inner = match[1] ?? '';
  return inner.split(',').map((value) => checkValue(value.trim()));
}

function parseRequirement(text: string): LabelRequirement {
  if (text === '') throw new SelectorParseError("found '', expected: !, identifier, or 'end of string'");
  const setMatch = /^(\S+)\s+(in|notin)\s*(\(.*\))$/s.exec(text);
  if (setMatch) {
    const [, key = '', operator, set = ''] = setMatch;
    return { key: checkKey(key), operator: operator as 'in' | 'notin', values: parseSet(set, text) };
  }
  if (text.startsWith('!')) return { key: checkKey(text.slice(1).trim()), operator: '!', values: [] };
  const opMatch = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/s.exec(text);
  if (opMatch) {
    const [, key = '', operator, value = ''] = opMatch;
    const trimmed = value.trim();
    if (operator === '>' || operator === '<') {
      if (!/^-?\d+$/.test(trimmed)) {
        throw new SelectorParseError(
          `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
      return { key: checkKey(key), operator: operator === '>' ? 'gt' : 'lt', values: [trimmed] };
    }
    return {
      key: checkKey(key),
      operator: operator === '!=' ? 'notin' : 'in',
      values: [checkValue(trimmed)],
    };
  }
  if (/\s/.test(text))
    throw new SelectorParseError(
      `unable to parse requirement: found '${text}', expected: in, notin, =, ==, !=, gt, lt`,
    );
  return { key: checkKey(text), operator: 'exists', values: [] };
}

export function parseLabelSelector(text: string): LabelSelector {
  if (text.trim() === '') return [];
  return splitRequirements(text).map(parseRequirement);
}

function matchesRequirement(labels: Record<string, string>, requirement: LabelRequirement): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'in':
      return has && requirement.values.includes(value ?? '');
    case 'notin':
      return !has || !requirement.values.includes(value ?? '');
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value ?? '')) return false;
      const actual = Number(value);
      const bound = Number(requirement.values[0]);
      return requirement.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  return selector.every((requirement) => matchesRequirement(labels ?? {}, requirement));
}
