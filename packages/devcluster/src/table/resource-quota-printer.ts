// ResourceQuotas, as printers.go prints them: each resource's used/hard from the quota's status,
// `limits.*` in the LIMIT column and every other resource in REQUEST.
import type { KubeObject } from '../types.js';
import { ageColumn, column, nameAndAge, nameColumn, type TablePrinter } from './columns.js';

interface ResourceQuota extends KubeObject {
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

export const resourceQuotaPrinter: TablePrinter = {
  columns: [
    nameColumn,
    ageColumn,
    column(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
  ],
  cells(object, now) {
    const quota = object as ResourceQuota;
    const [name, age] = nameAndAge(quota, now);
    const hard = quota.status?.hard ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      const entry = `${resource}: ${quota.status?.used?.[resource] ?? '0'}/${hard[resource]}`;
      (resource.startsWith('limits.') ? limits : requests).push(entry);
    }
    return [name, age, requests.join(', '), limits.join(', ')];
  },
};
