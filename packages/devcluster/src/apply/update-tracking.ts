// Field ownership for writes that are not applies (create, update, json/merge/strategic
// patch): what the write changed becomes the writer's, as an Update entry, and leaves every
// other manager's set, as the apiserver's FieldManager.Update does.
import { isGoPrintable } from '../api/go-quote.js';
import type { KubeObject } from '../types.js';
import { FIELD_MANAGER_MAX_LENGTH } from './apply-request.js';
import {
  decodeManagedFields,
  type ManagedFields,
  managedFieldsTime,
  withManagedFields,
  withoutManagedFields,
} from './managed-fields.js';
import { recordChanges } from './ownership.js';
import { hasStatusField, resetFields } from './reset-fields.js';
import { fieldType, isPlainObject, isValueStructField, rootType, type TypeNode } from './schema.js';

export interface RecordUpdateOptions {
  manager: string;
  operation: 'Update';
  now: Date;
  subresource?: string;
  /** Whether the kind serves a status subresource; defaults to whether its built-in schema has status. */
  statusSubresource?: boolean;
}

/**
 * The manager of a non-apply write (managerOrUserAgent): the fieldManager parameter, else the
 * user agent up to its first '/', without unprintable characters, cut to 128 bytes.
 */
export function managerFromRequest(fieldManagerParam: string | null, userAgent: string | undefined): string {
  if (fieldManagerParam) return fieldManagerParam;
  let manager = '';
  for (const character of (userAgent ?? '').split('/')[0] ?? '') {
    if (!isGoPrintable(character)) continue;
    if (Buffer.byteLength(manager + character) > FIELD_MANAGER_MAX_LENGTH) break;
    manager += character;
  }
  return manager;
}

/**
 * decodeLiveOrNew: a write may set managedFields itself (`[]` or `[{}]` resets them), except
 * through a subresource; otherwise the live object's entries carry over.
 */
function startingManagedFields(
  current: KubeObject | undefined,
  next: KubeObject,
  subresource?: string,
): ManagedFields {
  const live = decodeManagedFields(current?.metadata.managedFields);
  const sent = next.metadata.managedFields;
  if (subresource || !Array.isArray(sent)) return live;
  const [first] = sent;
  if (sent.length === 0 || (sent.length === 1 && isPlainObject(first) && Object.keys(first).length === 0)) {
    return new Map();
  }
  const decoded = decodeManagedFields(sent);
  return decoded.size > 0 ? decoded : live;
}

/**
 * What a created object is compared with: the Go zero value of its type, where fields without
 * omitempty exist (structs held by value empty, the rest null), so that only omitted pointers,
 * maps and lists count as added as a whole (the `.` entries of FieldsV1).
 */
function zeroValue(value: unknown, type: TypeNode): Record<string, unknown> {
  const zero: Record<string, unknown> = {};
  if (type.kind !== 'struct' || !isPlainObject(value)) return zero;
  for (const [key, child] of Object.entries(value)) {
    if (!isValueStructField(type, key)) continue;
    const childType = fieldType(type, key);
    zero[key] = childType?.kind === 'struct' && !childType.atomic ? zeroValue(child, childType) : null;
  }
  return zero;
}

/** The object to store after a create/update/patch by `options.manager`, with managedFields updated. */
export function recordUpdate(
  current: KubeObject | undefined,
  next: KubeObject,
  options: RecordUpdateOptions,
): KubeObject {
  const type = rootType(next.apiVersion, next.kind);
  const nextValue = withoutManagedFields(next);
  const live = current ? withoutManagedFields(current) : zeroValue(nextValue, type);
  const updater = {
    manager: options.manager,
    operation: options.operation,
    apiVersion: next.apiVersion,
    ...(options.subresource ? { subresource: options.subresource } : {}),
  };
  const context = {
    type,
    ignored: resetFields(options.subresource, options.statusSubresource ?? hasStatusField(type)),
    time: managedFieldsTime(options.now),
  };
  const managed = recordChanges(
    live,
    nextValue,
    startingManagedFields(current, next, options.subresource),
    updater,
    context,
  );
  return withManagedFields(nextValue, managed);
}
