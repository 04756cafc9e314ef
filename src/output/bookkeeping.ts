import { dropEmpty } from './default-values.js';
import { isRecord, type JsonRecord } from './records.js';
import { LAST_APPLIED_ANNOTATION } from './secret-masking.js';

/** Drops, in place, what only the API machinery and `kubectl apply` read: managedFields, last-applied. */
export function dropBookkeeping(object: JsonRecord): void {
  const metadata = object.metadata;
  if (!isRecord(metadata)) return;
  delete metadata.managedFields;
  if (isRecord(metadata.annotations)) delete metadata.annotations[LAST_APPLIED_ANNOTATION];
  dropEmpty(metadata, 'annotations');
}
