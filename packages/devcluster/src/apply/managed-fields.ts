// metadata.managedFields as the apiserver's managedfields package reads and writes it: one
// entry per manager identifier. Appliers are identified by (manager, subresource), so a
// manager's applies always share one entry whatever apiVersion they use; updaters by
// (manager, apiVersion, subresource), so one manager's updates at one version merge into one
// entry. Entries are written sorted: Apply before Update, then by time, manager, apiVersion.
import { FieldSet, type FieldsV1 } from './field-set.js';
import { isPlainObject } from './schema.js';

export type ManagedFieldsOperation = 'Apply' | 'Update';

export interface ManagedFieldsEntry {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

export interface ManagerInfo {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  subresource?: string;
}

export interface ManagedSet extends ManagerInfo {
  fields: FieldSet;
  time?: string;
}

/** Managed sets keyed by manager identifier. */
export type ManagedFields = Map<string, ManagedSet>;

/** BuildManagerIdentifier: the entry's JSON without time and fields (nor apiVersion for appliers). */
export function managerIdentifier(info: ManagerInfo): string {
  const identity: Record<string, string> = { manager: info.manager, operation: info.operation };
  if (info.operation === 'Update') identity.apiVersion = info.apiVersion;
  if (info.subresource) identity.subresource = info.subresource;
  return JSON.stringify(identity);
}

/** The manager as conflicts name it (the real printManager). */
export function describeManager(info: ManagerInfo): string {
  let text = JSON.stringify(info.manager);
  if (info.subresource) text += ` with subresource ${JSON.stringify(info.subresource)}`;
  return info.operation === 'Update' ? `${text} using ${info.apiVersion}` : text;
}

function decodeEntry(raw: unknown): ManagedSet | undefined {
  if (!isPlainObject(raw)) return undefined;
  const { manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource } = raw;
  if (operation !== 'Apply' && operation !== 'Update') return undefined;
  if (typeof apiVersion !== 'string' || !apiVersion || fieldsType !== 'FieldsV1') return undefined;
  const entry: ManagedSet = {
    manager: typeof manager === 'string' ? manager : '',
    operation,
    apiVersion,
    fields: FieldSet.fromFieldsV1(isPlainObject(fieldsV1) ? (fieldsV1 as FieldsV1) : {}),
  };
  if (typeof subresource === 'string' && subresource) entry.subresource = subresource;
  if (typeof time === 'string') entry.time = time;
  return entry;
}

/**
 * Reads metadata.managedFields. Malformed entries make the whole list unusable, and the real
 * server then tracks from scratch rather than failing the write, so they yield an empty map.
 */
export function decodeManagedFields(entries: unknown): ManagedFields {
  const managed: ManagedFields = new Map();
  if (!Array.isArray(entries)) return managed;
  for (const raw of entries) {
    const entry = decodeEntry(raw);
    if (!entry) return new Map();
    managed.set(managerIdentifier(entry), entry);
  }
  return managed;
}

function seconds(time: string | undefined): number {
  return time ? Math.floor(Date.parse(time) / 1000) : 0;
}

function compareEntries(a: ManagedFieldsEntry, b: ManagedFieldsEntry): number {
  const byText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return (
    byText(a.operation, b.operation) ||
    seconds(a.time) - seconds(b.time) ||
    byText(a.manager, b.manager) ||
    byText(a.apiVersion, b.apiVersion) ||
    byText(a.subresource ?? '', b.subresource ?? '')
  );
}

/** Writes managed sets as metadata.managedFields entries, or undefined when nothing is managed. */
export function encodeManagedFields(managed: ManagedFields): ManagedFieldsEntry[] | undefined {
  if (managed.size === 0) return undefined;
  const entries = [...managed.values()].map((set): ManagedFieldsEntry => {
    const entry: ManagedFieldsEntry = {
      manager: set.manager,
      operation: set.operation,
      apiVersion: set.apiVersion,
      ...(set.time ? { time: set.time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: set.fields.toFieldsV1(),
    };
    if (set.subresource) entry.subresource = set.subresource;
    return entry;
  });
  return entries.sort(compareEntries);
}

/** metav1.Time as the API writes it: RFC 3339 in UTC, whole seconds. */
export function managedFieldsTime(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/** The object with managedFields replaced (or removed when there are none). */
export function withManagedFields<T extends { metadata: Record<string, unknown> }>(
  object: T,
  managed: ManagedFields,
): T {
  const { managedFields: _previous, ...metadata } = object.metadata;
  const entries = encodeManagedFields(managed);
  return { ...object, metadata: entries ? { ...metadata, managedFields: entries } : metadata };
}

/** The object without managedFields, the way the field manager hands it to SMD. */
export function withoutManagedFields<T extends { metadata: Record<string, unknown> }>(object: T): T {
  const { managedFields: _managed, ...metadata } = object.metadata;
  return { ...object, metadata };
}
