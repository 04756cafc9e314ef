// Structured-merge-diff's Updater (merge/update.go) for one API version, wrapped like the
// apiserver's field manager stack: strip metadata and type fields from the operation's set,
// and stamp its entry with the time when the operation changed something.
import { isDeepStrictEqual } from 'node:util';
import { applyConflict, type FieldConflict } from './apply-errors.js';
import { FieldSet } from './field-set.js';
import { type ManagedFields, type ManagerInfo, managerIdentifier } from './managed-fields.js';
import type { TypeNode } from './schema.js';
import { compareValues, ensureNamedFieldsAreMembers, fieldSetOf } from './typed-fields.js';
import { mergeValues, removeFields } from './typed-merge.js';

export interface OwnershipContext {
  type: TypeNode;
  /** Fields the endpoint never tracks (reset fields). */
  ignored: FieldSet;
  /** metav1.Time of this operation. */
  time: string;
}

// stripMetaManager's set: never part of any manager's fields.
const STRIPPED = FieldSet.of(
  [{ field: 'apiVersion' }],
  [{ field: 'kind' }],
  [{ field: 'metadata' }],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation'].map(
    (field) => [{ field: 'metadata' }, { field }],
  ),
  [{ field: 'metadata' }, { field: 'managedFields' }],
  [{ field: 'metadata' }, { field: 'resourceVersion' }],
);

/**
 * Takes what changed from every other manager: fields another manager owns that the change
 * adds or modifies conflict (an error unless forced, then they move), removed fields are
 * dropped from every set.
 */
function settleOwnership(
  live: unknown,
  next: unknown,
  managed: ManagedFields,
  operation: string,
  force: boolean,
  context: OwnershipContext,
): { managed: ManagedFields; changed: ReturnType<typeof compareValues> } {
  const raw = compareValues(live, next, context.type);
  const changed = {
    added: raw.added.recursiveDifference(context.ignored),
    modified: raw.modified.recursiveDifference(context.ignored),
    removed: raw.removed.recursiveDifference(context.ignored),
  };
  const taken = changed.added.union(changed.modified);
  const conflicts: FieldConflict[] = [];
  const settled: ManagedFields = new Map();
  for (const [identifier, set] of managed) {
    if (identifier === operation) {
      settled.set(identifier, set);
      continue;
    }
    const conflicting = set.fields.intersection(taken);
    for (const path of conflicting.paths()) conflicts.push({ manager: set, path });
    const fields = set.fields.difference(conflicting).difference(changed.removed);
    if (!fields.isEmpty()) settled.set(identifier, { ...set, fields });
  }
  if (!force && conflicts.length > 0) throw applyConflict(conflicts);
  return { managed: settled, changed };
}

/**
 * SMD's prune: fields the applier applied last time and no longer applies are removed, unless
 * some manager (applier or updater, including the applier's new configuration) still owns them.
 */
function prune(
  merged: unknown,
  managed: ManagedFields,
  lastSet: FieldSet | undefined,
  type: TypeNode,
): unknown {
  if (!lastSet || lastSet.isEmpty()) return merged;
  const ensure = (set: FieldSet): FieldSet => ensureNamedFieldsAreMembers(set, type);
  const last = ensure(lastSet);
  const owned = ensure([...managed.values()].reduce((all, set) => all.union(set.fields), new FieldSet()));
  const mergedSet = ensure(fieldSetOf(merged, type));
  const pruned = removeFields(merged, last, type);
  const ownedBack = removeFields(
    merged,
    mergedSet.difference(ensure(fieldSetOf(pruned, type)).union(owned)),
    type,
  );
  const removable = mergedSet.difference(ensure(fieldSetOf(ownedBack, type))).intersection(last);
  return removeFields(merged, removable, type);
}

function stripped(managed: ManagedFields, identifier: string): ManagedFields {
  const set = managed.get(identifier);
  if (!set) return managed;
  const out = new Map(managed);
  const fields = set.fields.difference(STRIPPED);
  if (fields.isEmpty()) out.delete(identifier);
  else out.set(identifier, { ...set, fields });
  return out;
}

export interface ApplyOutcome {
  /** The merged object, or undefined when applying changed nothing. */
  object: unknown;
  managed: ManagedFields;
}

/** Updater.Apply plus the apiserver's stripping and timestamps. */
export function applyConfiguration(
  live: unknown,
  config: unknown,
  managed: ManagedFields,
  applier: ManagerInfo,
  force: boolean,
  context: OwnershipContext,
): ApplyOutcome {
  const identifier = managerIdentifier(applier);
  const lastSet = managed.get(identifier)?.fields;
  const withApplier = new Map(managed);
  const previousTime = managed.get(identifier)?.time;
  withApplier.set(identifier, {
    ...applier,
    fields: fieldSetOf(config, context.type).recursiveDifference(context.ignored),
    ...(previousTime ? { time: previousTime } : {}),
  });
  const merged = prune(mergeValues(live, config, context.type), withApplier, lastSet, context.type);
  const settled = settleOwnership(live, merged, withApplier, identifier, force, context).managed;
  const owners = stripped(dropEmpty(settled, identifier), identifier);
  if (isDeepStrictEqual(live, merged)) return { object: undefined, managed: owners };
  const entry = owners.get(identifier);
  if (entry) owners.set(identifier, { ...entry, time: context.time });
  return { object: merged, managed: owners };
}

function dropEmpty(managed: ManagedFields, identifier: string): ManagedFields {
  if (!managed.get(identifier)?.fields.isEmpty()) return managed;
  const out = new Map(managed);
  out.delete(identifier);
  return out;
}

/** Updater.Update plus managedFieldsUpdater: what changed becomes the updater's, merged into its entry. */
export function recordChanges(
  live: unknown,
  next: unknown,
  managed: ManagedFields,
  updater: ManagerInfo,
  context: OwnershipContext,
): ManagedFields {
  // The real stack runs the update as a placeholder manager and merges it in only if it took something.
  const operation = 'current-operation';
  const { managed: settled, changed } = settleOwnership(live, next, managed, operation, true, context);
  const taken = changed.modified.union(changed.added).difference(changed.removed).difference(STRIPPED);
  if (taken.isEmpty()) return settled;
  const identifier = managerIdentifier(updater);
  const previous = settled.get(identifier)?.fields ?? new FieldSet();
  const out = new Map(settled);
  out.set(identifier, { ...updater, fields: taken.union(previous), time: context.time });
  return out;
}
