// Namespaces, ConfigMaps, Secrets, ServiceAccounts and ComponentStatuses, as printers.go prints them.
import type { KubeObject } from '../types.js';
import { ageColumn, column, nameAndAge, nameColumn, type TablePrinter } from './columns.js';

function countOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return value && typeof value === 'object' ? Object.keys(value).length : 0;
}

interface Namespace extends KubeObject {
  status?: { phase?: string };
}

export const namespacePrinter: TablePrinter = {
  columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  cells(object, now) {
    const [name, age] = nameAndAge(object, now);
    // The API server defaults an unset phase to Active.
    return [name, (object as Namespace).status?.phase ?? 'Active', age];
  },
};

export const configMapPrinter: TablePrinter = {
  columns: [nameColumn, column('Data', 'string', 'Data contains the configuration data.'), ageColumn],
  cells(object, now) {
    const [name, age] = nameAndAge(object, now);
    return [name, countOf(object.data) + countOf(object.binaryData), age];
  },
};

export const secretPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'string', 'Data contains the secret data.'),
    ageColumn,
  ],
  cells(object, now) {
    const [name, age] = nameAndAge(object, now);
    // The API server defaults an unset type to Opaque.
    return [name, (object.type as string | undefined) ?? 'Opaque', countOf(object.data), age];
  },
};

export const serviceAccountPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    ageColumn,
  ],
  cells(object, now) {
    const [name, age] = nameAndAge(object, now);
    return [name, countOf(object.secrets), age];
  },
};

interface ComponentCondition {
  type?: string;
  status?: string;
  message?: string;
  error?: string;
}

/** Healthy or Unhealthy by the Healthy condition, with its message and error; Unknown without one. */
export const componentStatusPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Status', 'string', 'Status of the component conditions'),
    column('Message', 'string', 'Message of the component conditions'),
    column('Error', 'string', 'Error of the component conditions'),
  ],
  cells(object) {
    const conditions = (object.conditions as ComponentCondition[] | undefined) ?? [];
    const healthy = conditions.find((condition) => condition.type === 'Healthy');
    let status = 'Unknown';
    if (healthy) status = healthy.status === 'True' ? 'Healthy' : 'Unhealthy';
    return [object.metadata.name ?? '', status, healthy?.message ?? '', healthy?.error ?? ''];
  },
};
