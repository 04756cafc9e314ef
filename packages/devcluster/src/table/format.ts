// Text forms of labels, selectors and containers, as apimachinery prints them in table cells.

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface ContainerSpec {
  name?: string;
  image?: string;
}

/** `a=1,b=2` with keys sorted, or `<none>` (labels.FormatLabels). */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const text = Object.keys(labels ?? {})
    .sort()
    .map((key) => `${key}=${labels?.[key]}`)
    .join(',');
  return text || '<none>';
}

/** A selector as labels.Selector.String(): requirements sorted by key; empty when it selects all or nothing. */
export function labelSelectorText(selector: LabelSelectorSpec | undefined): string {
  const requirements = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => ({ key, text: `${key}=${value}` })),
    ...(selector?.matchExpressions ?? []).map((expression) => ({
      key: expression.key,
      text: requirementText(expression.key, expression.operator, expression.values ?? []),
    })),
  ];
  return requirements
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((requirement) => requirement.text)
    .join(',');
}

function requirementText(key: string, operator: string, values: string[]): string {
  const valueList = [...values].sort().join(',');
  switch (operator) {
    case 'In':
      return `${key} in (${valueList})`;
    case 'NotIn':
      return `${key} notin (${valueList})`;
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
    default:
      // API validation rejects any other operator in a stored object.
      return '<invalid>';
  }
}

/** A selector as metav1.FormatLabelSelector: `<none>` when it is empty. */
export function formatLabelSelector(selector: LabelSelectorSpec | undefined): string {
  return labelSelectorText(selector) || '<none>';
}

/** The CONTAINERS and IMAGES cells: every container of a template on one line. */
export function containerCells(containers: ContainerSpec[] | undefined): [string, string] {
  const list = containers ?? [];
  const names = list.map((container) => container.name ?? '');
  const images = list.map((container) => container.image ?? '');
  return [names.join(','), images.join(',')];
}

/**
 * The first `max` entries, then how many of `count` in all were left out (printers.go's
 * listWithMoreString): `a,b,c + 2 more...`.
 */
export function listWithMore(list: string[], count: number, max: number, separator = ','): string {
  const shown = list.slice(0, max).join(separator);
  return count > max ? `${shown} + ${count - max} more...` : shown;
}
