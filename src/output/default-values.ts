import { isDeepStrictEqual } from 'node:util';
import type { JsonRecord } from './records.js';

/** Removes each field of `record` that holds exactly the value the API server would default it to. */
export function dropDefaults(record: JsonRecord | undefined, defaults: JsonRecord): void {
  if (!record) return;
  for (const [field, defaultValue] of Object.entries(defaults)) {
    if (field in record && isDeepStrictEqual(record[field], defaultValue)) delete record[field];
  }
}

/** Removes the fields that were left as `{}` or `[]` (nothing a reader could learn from them). */
export function dropEmpty(record: JsonRecord | undefined, ...fields: string[]): void {
  if (!record) return;
  for (const field of fields) {
    const value = record[field];
    const empty = Array.isArray(value)
      ? value.length === 0
      : typeof value === 'object' && value !== null && Object.keys(value).length === 0;
    if (empty) delete record[field];
  }
}
