// What SMD's typed conversion rejects in an applied configuration: fields the schema does not
// declare, scalars of the wrong kind, keyed-list items without their key, and duplicate keys.
import { badRequest } from '../api/status.js';
import type { KubeObject } from '../types.js';
import { untypedServerError } from './apply-errors.js';
import { elementToken, type FieldPath, pathToString } from './field-path.js';
import { ListItemError, listItemElement } from './list-items.js';
import { scalarProblem } from './scalar-validation.js';
import { fieldType, isPlainObject, resolveType, type TypeNode } from './schema.js';
import { childType } from './typed-fields.js';

function problems(path: FieldPath, value: unknown, declared: TypeNode, found: string[]): void {
  const type = resolveType(declared, value);
  if (type.kind === 'scalar') {
    const problem = scalarProblem(type.scalar, value);
    if (problem) found.push(`${pathToString(path)}: ${problem}`);
    return;
  }
  if (type.kind === 'list' && type.relationship !== 'atomic' && Array.isArray(value)) {
    const seen = new Set<string>();
    value.forEach((item, index) => {
      try {
        const element = listItemElement(type, item, index);
        const token = elementToken(element);
        if (seen.has(token))
          found.push(`${pathToString(path)}: duplicate entries for key ${pathToString([element])}`);
        seen.add(token);
        problems([...path, element], item, type.element, found);
      } catch (error) {
        if (!(error instanceof ListItemError)) throw error;
        found.push(`${pathToString(path)}: element ${index}: ${error.message}`);
      }
    });
    return;
  }
  if ((type.kind !== 'struct' && type.kind !== 'map') || type.atomic || !isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, { field: key }];
    if (type.kind === 'struct' && fieldType(type, key) === undefined) {
      found.push(`${pathToString(childPath)}: field not declared in schema`);
      continue;
    }
    problems(childPath, child, childType(type, { field: key }), found);
  }
}

/** ValidationErrors.Error(): one error alone, several as an indented list. */
function validationText(found: string[]): string {
  return found.length === 1
    ? (found[0] as string)
    : ['errors:', ...found.map((line) => `  ${line}`)].join('\n');
}

/** metav1's GroupVersionKind text, e.g. `apps/v1, Kind=Deployment` or `/v1, Kind=Pod`. */
export function groupVersionKindText(apiVersion: unknown, kind: unknown): string {
  const version = typeof apiVersion === 'string' ? apiVersion : '';
  const parts = version.split('/');
  const [group, ver] = parts.length === 2 ? parts : parts.length === 1 ? ['', version] : ['', ''];
  return `${group}/${ver}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

export interface ExpectedKind {
  apiVersion: string;
  kind: string;
}

/**
 * The checks the field manager makes before merging, in the real order: the applied object
 * must be of the endpoint's kind, must not carry managedFields, and must fit the schema.
 */
export function validateAppliedObject(applied: KubeObject, expected: ExpectedKind, type: TypeNode): void {
  if (applied.apiVersion !== expected.apiVersion || applied.kind !== expected.kind) {
    throw badRequest(`invalid object type: ${groupVersionKindText(applied.apiVersion, applied.kind)}`);
  }
  const metadata = isPlainObject(applied.metadata) ? applied.metadata : {};
  if (metadata.managedFields !== undefined && metadata.managedFields !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const found: string[] = [];
  problems([], applied, type, found);
  if (found.length === 0) return;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const gvk = groupVersionKindText(applied.apiVersion, applied.kind);
  throw untypedServerError(
    `failed to create typed patch object (${namespace}/${name}; ${gvk}): ${validationText(found)}`,
  );
}
