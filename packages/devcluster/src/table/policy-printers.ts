// NetworkPolicies and PodDisruptionBudgets, as printers.go prints them.
import type { KubeObject } from '../types.js';
import { ageColumn, column, nameAndAge, nameColumn, type TablePrinter } from './columns.js';
import { formatLabelSelector, type LabelSelectorSpec } from './format.js';

interface NetworkPolicy extends KubeObject {
  spec?: { podSelector?: LabelSelectorSpec };
}

export const networkPolicyPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column(
      'Pod-Selector',
      'string',
      'podSelector selects the pods to which this NetworkPolicy object applies.',
    ),
    ageColumn,
  ],
  cells(object, now) {
    const [name, age] = nameAndAge(object, now);
    return [name, formatLabelSelector((object as NetworkPolicy).spec?.podSelector), age];
  },
};

interface PodDisruptionBudget extends KubeObject {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string };
  status?: { disruptionsAllowed?: number };
}

/** An IntOrString as `2` or `50%`, `N/A` when unset. */
function intOrPercent(value: number | string | undefined): string {
  return value === undefined || value === null ? 'N/A' : String(value);
}

export const podDisruptionBudgetPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn,
  ],
  cells(object, now) {
    const budget = object as PodDisruptionBudget;
    const [name, age] = nameAndAge(budget, now);
    return [
      name,
      intOrPercent(budget.spec?.minAvailable),
      intOrPercent(budget.spec?.maxUnavailable),
      budget.status?.disruptionsAllowed ?? 0,
      age,
    ];
  },
};
