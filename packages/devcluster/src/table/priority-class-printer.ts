// PriorityClasses, as printers.go prints them.
import type { KubeObject } from '../types.js';
import { ageColumn, column, nameAndAge, nameColumn, type TablePrinter } from './columns.js';

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

export const priorityClassPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Value', 'integer', 'value represents the integer value of this priority class.'),
    column(
      'Global-Default',
      'boolean',
      'globalDefault specifies whether this PriorityClass should be considered as the default priority.',
    ),
    ageColumn,
    column(
      'PreemptionPolicy',
      'string',
      'preemptionPolicy is the Policy for preempting pods with lower priority.',
    ),
  ],
  cells(object, now) {
    const priorityClass = object as PriorityClass;
    const [name, age] = nameAndAge(priorityClass, now);
    return [
      name,
      priorityClass.value ?? 0,
      priorityClass.globalDefault ?? false,
      age,
      priorityClass.preemptionPolicy ?? '',
    ];
  },
};
