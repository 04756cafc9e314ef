// RFC 6902 JSON patch (application/json-patch+json) with the semantics of evanphx/json-patch v4, the
// library behind kube-apiserver's json patch: a null or missing value counts as absent, `replace` of a
// missing object key adds it, array indexes may be negative (counted from the end) and `-` appends.
import { isJsonMap } from './merge-patch.js';

export interface JsonPatchOperation {
  op?: unknown;
  path?: unknown;
  from?: unknown;
  value?: unknown;
}

/** Why an operation could not be applied; the apiserver answers every such failure with the same 422. */
export class JsonPatchFailure extends Error {}

type Container = Record<string, unknown> | unknown[];

interface Location {
  container: Container;
  key: string;
}

function decodePointerToken(token: string): string {
  return token.replace(/~[01]/g, (sequence) => (sequence === '~1' ? '/' : '~'));
}

/** strconv.Atoi followed by json-patch's negative index rule; undefined when out of range. */
function arrayIndex(key: string, length: number): number | undefined {
  if (!/^[+-]?\d+$/.test(key)) throw new JsonPatchFailure(`invalid array index: ${key}`);
  const index = Number(key);
  if (index >= length || index < -length) return undefined;
  return index < 0 ? index + length : index;
}

function childOf(container: Container, key: string): unknown {
  if (!Array.isArray(container)) return Object.hasOwn(container, key) ? container[key] : undefined;
  const index = arrayIndex(key, container.length);
  if (index === undefined) throw new JsonPatchFailure(`Unable to access invalid index: ${key}`);
  return container[index];
}

/** json-patch's findObject: the container the path's last token addresses, and that token. */
function locate(document: Container, path: string): Location {
  const tokens = path.split('/');
  const last = tokens.pop();
  if (last === undefined || tokens.length === 0) throw new JsonPatchFailure(`doc is missing path: "${path}"`);
  let container = document;
  for (const token of tokens.slice(1)) {
    let child: unknown;
    try {
      child = childOf(container, decodePointerToken(token));
    } catch {
      child = undefined;
    }
    if (!Array.isArray(child) && !isJsonMap(child))
      throw new JsonPatchFailure(`doc is missing path: ${path}`);
    container = child;
  }
  return { container, key: decodePointerToken(last) };
}

function read({ container, key }: Location): unknown {
  return childOf(container, key) ?? null;
}

function add({ container, key }: Location, value: unknown): void {
  if (!Array.isArray(container)) {
    container[key] = value;
    return;
  }
  if (key === '-') {
    container.push(value);
    return;
  }
  const index = arrayIndex(key, container.length + 1);
  if (index === undefined) throw new JsonPatchFailure(`Unable to access invalid index: ${key}`);
  container.splice(index, 0, value);
}

function remove({ container, key }: Location): void {
  if (!Array.isArray(container)) {
    if (!Object.hasOwn(container, key))
      throw new JsonPatchFailure(`Unable to remove nonexistent key: ${key}`);
    delete container[key];
    return;
  }
  const index = arrayIndex(key, container.length);
  if (index === undefined) throw new JsonPatchFailure(`Unable to access invalid index: ${key}`);
  container.splice(index, 1);
}

function replace({ container, key }: Location, value: unknown): void {
  if (!Array.isArray(container)) {
    container[key] = value;
    return;
  }
  const index = arrayIndex(key, container.length);
  if (index === undefined) throw new JsonPatchFailure(`Unable to access invalid index: ${key}`);
  container[index] = value;
}

function jsonEqual(left: unknown, right: unknown): boolean {
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => jsonEqual(item, right[index]))
    );
  }
  if (isJsonMap(left) || isJsonMap(right)) {
    if (!isJsonMap(left) || !isJsonMap(right)) return false;
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((key) => jsonEqual(left[key], right[key]));
  }
  return left === right;
}

function stringField(operation: JsonPatchOperation, field: 'path' | 'from'): string {
  const value = operation[field];
  if (typeof value !== 'string') throw new JsonPatchFailure(`operation missing ${field} field`);
  return value;
}

function operationValue(operation: JsonPatchOperation): unknown {
  return structuredClone(operation.value ?? null);
}

/** A whole-document test or replace, the only operations json-patch v4 allows on the root. */
function applyToRoot(document: Container, operation: JsonPatchOperation): Container {
  if (operation.op === 'test') {
    if (jsonEqual(document, operation.value ?? null)) return document;
    throw new JsonPatchFailure('testing value  failed');
  }
  const value = operationValue(operation);
  if (operation.op !== 'replace' || (!Array.isArray(value) && !isJsonMap(value))) {
    throw new JsonPatchFailure(`${String(operation.op)} operation does not apply: doc is missing path: ""`);
  }
  return value;
}

function applyOne(document: Container, operation: JsonPatchOperation): Container {
  const path = stringField(operation, 'path');
  if (path === '' && (operation.op === 'test' || operation.op === 'replace'))
    return applyToRoot(document, operation);
  switch (operation.op) {
    case 'add':
      add(locate(document, path), operationValue(operation));
      break;
    case 'remove':
      remove(locate(document, path));
      break;
    case 'replace':
      replace(locate(document, path), operationValue(operation));
      break;
    case 'test':
      if (!jsonEqual(read(locate(document, path)), operation.value ?? null)) {
        throw new JsonPatchFailure(`testing value ${path} failed`);
      }
      break;
    case 'move': {
      const source = locate(document, stringField(operation, 'from'));
      const moved = read(source);
      remove(source);
      add(locate(document, path), moved);
      break;
    }
    case 'copy': {
      const copied = structuredClone(read(locate(document, stringField(operation, 'from'))));
      add(locate(document, path), copied);
      break;
    }
    default:
      throw new JsonPatchFailure(
        `Unexpected kind: ${typeof operation.op === 'string' ? operation.op : 'unknown'}`,
      );
  }
  return document;
}

/** Applies the operations in order to a copy of the document; throws JsonPatchFailure on the first failure. */
export function applyJsonPatch(document: Container, operations: readonly JsonPatchOperation[]): Container {
  return operations.reduce(applyOne, structuredClone(document));
}
