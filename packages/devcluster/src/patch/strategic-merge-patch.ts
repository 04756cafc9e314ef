// Strategic merge patch (application/strategic-merge-patch+json) as apimachinery's strategicpatch applies
// it on the server (StrategicMergeMapPatch: parallel deletion lists merged, unmatched nulls ignored). The
// merge keys and strategies come from the OpenAPI patch metadata, walked from the object's definition;
// a field without metadata merges as a plain map or is replaced as an atomic list.
import { fieldPatchMeta } from '../openapi/index.js';
import { goValue } from './go-format.js';
import { type MergeKey, mergeKeyValue, orderMergedList, partitionByPresence } from './list-order.js';
import { isJsonMap } from './merge-patch.js';
import {
  badArgType,
  badPrimitiveListFormat,
  badRetainKeysFormat,
  badSetElementOrderFormat,
  noListOfLists,
  noMergeKey,
  StrategicPatchError,
  unknownPatchType,
} from './strategic-patch-error.js';

type JsonMap = Record<string, unknown>;

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

/** Where in the schema a map sits: an object of a definition, or a map whose values are of one. */
interface Schema {
  definition: string;
  mapValues?: boolean;
}

interface FieldStrategy {
  strategy: string;
  mergeKey: MergeKey;
  /** Schema of the field's value, or of each item when the field is a list. */
  child: Schema | undefined;
}

function fieldStrategy(schema: Schema | undefined, field: string): FieldStrategy {
  if (schema?.mapValues)
    return { strategy: '', mergeKey: undefined, child: { definition: schema.definition } };
  const meta = schema && fieldPatchMeta(schema.definition, field);
  if (!meta) return { strategy: '', mergeKey: undefined, child: undefined };
  // retainKeys only shapes the patches clients compute; applying one obeys the $retainKeys directive.
  const strategy = (meta.patchStrategy ?? '').split(',').find((name) => name !== 'retainKeys') ?? '';
  const child = meta.ref ? { definition: meta.ref, mapValues: meta.type === 'map' } : undefined;
  return { strategy, mergeKey: meta.patchMergeKey, child };
}

function isDirectiveKey(key: string): boolean {
  return (
    key === DIRECTIVE ||
    key === RETAIN_KEYS ||
    key.startsWith(`${SET_ELEMENT_ORDER}/`) ||
    key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`)
  );
}

/**
 * A patch value stored as it is. Decoding the result into the typed object drops its nulls and
 * directive keys (unknown fields), so they are dropped here.
 */
function verbatim(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(verbatim);
  if (!isJsonMap(value)) return value;
  const kept: JsonMap = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && !isDirectiveKey(key)) kept[key] = verbatim(item);
  }
  return kept;
}

/** mergepatch's extractKey: the field a `$prefix/field` directive key names. */
function directiveTarget(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === SET_ELEMENT_ORDER ? badSetElementOrderFormat() : badPrimitiveListFormat();
  }
  return key.slice(slash + 1);
}

type ValueKind = 'map' | 'list' | 'scalar';

function valueKind(value: unknown): ValueKind {
  if (Array.isArray(value)) return 'list';
  return isJsonMap(value) ? 'map' : 'scalar';
}

/** sliceElementType: all items of the lists must share one type, which may not be a list. */
function elementKind(...lists: readonly unknown[][]): 'map' | 'primitive' {
  const types = new Set(
    lists
      .flat()
      .map((item) => (item === null ? 'null' : valueKind(item) === 'scalar' ? typeof item : valueKind(item))),
  );
  const [first] = types;
  if (first === undefined)
    throw new StrategicPatchError('no elements in any of the given slices', 'ServerError');
  if (first === 'list') throw noListOfLists();
  if (types.size > 1) {
    throw new StrategicPatchError(`list element types are not identical: ${goValue(lists)}`, 'ServerError');
  }
  return first === 'map' ? 'map' : 'primitive';
}

function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const retained = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retained)) throw badRetainKeysFormat();
  for (const [key, value] of Object.entries(patch)) {
    const exempt =
      value === null || key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    if (!exempt && !retained.includes(key)) throw badRetainKeysFormat();
  }
  for (const key of Object.keys(original)) {
    if (!retained.includes(key)) delete original[key];
  }
}

function listOrFail(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw badArgType('list', value);
  return value;
}

/** validatePatchWithSetOrderList: the patch list may name only items of the order list, in its order. */
function checkPatchFollowsOrder(patchList: unknown[], order: unknown[], mergeKey: MergeKey): void {
  const named = patchList.filter((item) => {
    if (mergeKey === undefined) return true;
    if (!isJsonMap(item)) throw badArgType('map', item);
    return item[DIRECTIVE] !== 'delete';
  });
  let patchIndex = 0;
  let orderIndex = 0;
  while (patchIndex < named.length && orderIndex < order.length) {
    const item = named[patchIndex];
    if (isJsonMap(item) && Object.hasOwn(item, DIRECTIVE)) {
      patchIndex++;
      continue;
    }
    const same =
      mergeKey === undefined
        ? item === order[orderIndex]
        : mergeKeyValue(item, mergeKey) === mergeKeyValue(order[orderIndex], mergeKey);
    if (same) patchIndex++;
    orderIndex++;
  }
  if (patchIndex < named.length) {
    throw new StrategicPatchError(
      `The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}\n`,
      'ServerError',
    );
  }
}

/** mergePatchIntoOriginal: merges each list that has a $setElementOrder directive and orders it by it. */
function applySetElementOrder(original: JsonMap, patch: JsonMap, schema: Schema | undefined): void {
  for (const key of Object.keys(patch).filter((name) => name.startsWith(SET_ELEMENT_ORDER))) {
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType('list', order);
    const field = directiveTarget(key, SET_ELEMENT_ORDER);
    const originalList = Object.hasOwn(original, field) ? listOrFail(original[field]) : undefined;
    const patchList = Object.hasOwn(patch, field) ? listOrFail(patch[field]) : undefined;
    const { strategy, mergeKey, child } = fieldStrategy(schema, field);
    if (order.length > 0 && patchList && patchList.length > 0)
      checkPatchFollowsOrder(patchList, order, mergeKey);
    if (!originalList && !patchList) continue;
    let merged: unknown[];
    if (!originalList) merged = verbatim(patchList) as unknown[];
    else if (!patchList) merged = originalList;
    else merged = mergeListField(originalList, patchList, { strategy, mergeKey, child }, false);
    const [present, absent] = partitionByPresence(merged, order, mergeKey);
    elementKind(originalList ?? [], patchList ?? []);
    original[field] = orderMergedList(present, absent, order, originalList ?? [], mergeKey);
    delete patch[field];
  }
}

function mergeListField(
  original: unknown[],
  patch: unknown[],
  field: FieldStrategy,
  isDeleteList: boolean,
): unknown[] {
  if (field.strategy !== 'merge') return verbatim(patch) as unknown[];
  if (original.length === 0 && patch.length === 0) return original;
  return elementKind(original, patch) === 'map'
    ? mergeListOfMaps(original, patch, field)
    : mergeListOfPrimitives(original, patch, isDeleteList);
}

function mergeListOfPrimitives(original: unknown[], patch: unknown[], isDeleteList: boolean): unknown[] {
  if (isDeleteList) return original.filter((item) => !patch.includes(item));
  const merged = [...new Set([...original, ...patch])];
  const [present, absent] = partitionByPresence(merged, patch, undefined);
  return orderMergedList(present, absent, patch, original, undefined);
}

/** mergeSliceWithSpecialElements: applies `$patch` list items and returns the live list and plain items. */
function applyListDirectives(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  let remaining = original;
  const plain: unknown[] = [];
  let replace = false;
  for (const item of patch as JsonMap[]) {
    if (!Object.hasOwn(item, DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === 'delete') {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      remaining = remaining.filter((live) => !isJsonMap(live) || live[mergeKey] !== item[mergeKey]);
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new StrategicPatchError('merging lists cannot yet be specified in the patch', 'ServerError');
    } else {
      throw unknownPatchType(directive, item);
    }
  }
  return replace ? [verbatim(plain) as unknown[], []] : [remaining, plain];
}

function mergeListOfMaps(original: unknown[], patch: unknown[], field: FieldStrategy): unknown[] {
  const { mergeKey } = field;
  if (mergeKey === undefined) {
    throw new StrategicPatchError('cannot merge lists without merge key for type struct', 'ServerError');
  }
  const [live, items] = applyListDirectives(original, patch, mergeKey);
  const merged = [...live];
  for (const item of items) {
    const key = mergeKeyValue(item, mergeKey);
    const index = merged.findIndex((candidate) => isJsonMap(candidate) && candidate[mergeKey] === key);
    if (index >= 0) merged[index] = mergeMap(merged[index] as JsonMap, item as JsonMap, field.child);
    else merged.push(verbatim(item));
  }
  const [present, absent] = partitionByPresence(merged, items, mergeKey);
  return orderMergedList(present, absent, items, live, mergeKey);
}

function mergeField(original: JsonMap, key: string, value: unknown, schema: Schema | undefined): void {
  let field = key;
  const isDeleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
  if (isDeleteList) field = directiveTarget(key, DELETE_FROM_PRIMITIVE_LIST);
  if (value === null) {
    delete original[field];
    return;
  }
  const current = original[field];
  if (!Object.hasOwn(original, field) || valueKind(current) !== valueKind(value)) {
    original[field] = verbatim(value);
    return;
  }
  const strategy = fieldStrategy(schema, field);
  if (valueKind(value) === 'map') {
    original[field] =
      strategy.strategy === 'replace'
        ? verbatim(value)
        : mergeMap(current as JsonMap, value as JsonMap, strategy.child);
  } else if (valueKind(value) === 'list') {
    original[field] = mergeListField(current as unknown[], value as unknown[], strategy, isDeleteList);
  } else {
    original[field] = value;
  }
}

function mergeMap(original: JsonMap, patch: JsonMap, schema: Schema | undefined): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === 'delete') return {};
    if (directive !== 'replace') throw unknownPatchType(directive, patch);
    return verbatim(patch) as JsonMap;
  }
  const merged = { ...original };
  const remaining = { ...patch };
  applyRetainKeys(merged, remaining);
  applySetElementOrder(merged, remaining, schema);
  for (const [key, value] of Object.entries(remaining)) mergeField(merged, key, value, schema);
  return merged;
}

/**
 * Applies a strategic merge patch to an object of the given OpenAPI definition (undefined: no patch
 * metadata, every list atomic). Inputs are not modified; throws StrategicPatchError.
 */
export function strategicMergePatch(
  original: JsonMap,
  patch: JsonMap,
  definition: string | undefined,
): JsonMap {
  return mergeMap(structuredClone(original), structuredClone(patch), definition ? { definition } : undefined);
}
