// `fieldValidation` on create, update and patch, as kube-apiserver decodes a body: fields the
// kind's schema does not declare are dropped, with a warning for each (`Warn`, the default),
// silently (`Ignore`), or refuse the write (`Strict`, what kubectl 1.35 sends).

import { invalidOptions } from '../apply/index.js';
import { fieldType, isPlainObject, resolveType, rootType, type TypeNode } from '../apply/schema.js';
import type { KubeObject, ResourceType } from '../types.js';
import { apiVersionOf } from './object-admission.js';
import { badRequest } from './status.js';
import type { OptionsKind, WriteRequest } from './write-options.js';

const MODES = ['Ignore', 'Warn', 'Strict'] as const;

interface UnknownField {
  path: string;
  parent: Record<string, unknown>;
  key: string;
}

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Every field below `value` that its type does not declare, with where to drop it from. */
function unknownFields(value: unknown, type: TypeNode, path: string, found: UnknownField[]): void {
  const resolved = resolveType(type, value);
  if (resolved.kind === 'struct' && isPlainObject(value)) {
    for (const [key, entry] of Object.entries(value)) {
      const declared = fieldType(resolved, key);
      if (declared) unknownFields(entry, declared, child(path, key), found);
      else found.push({ path: child(path, key), parent: value, key });
    }
  } else if (resolved.kind === 'map' && isPlainObject(value)) {
    for (const [key, entry] of Object.entries(value))
      unknownFields(entry, resolved.element, child(path, key), found);
  } else if (resolved.kind === 'list' && Array.isArray(value)) {
    for (const [index, entry] of value.entries())
      unknownFields(entry, resolved.element, `${path}[${index}]`, found);
  }
}

function validationMode(request: WriteRequest, kind: OptionsKind): (typeof MODES)[number] {
  const mode = request.query.get('fieldValidation');
  if (mode === null || mode === '') return 'Warn';
  if ((MODES as readonly string[]).includes(mode)) return mode as (typeof MODES)[number];
  throw invalidOptions(kind, [
    {
      reason: 'FieldValueNotSupported',
      field: 'fieldValidation',
      detail: `Unsupported value: "${mode}": supported values: "Ignore", "Strict", "Warn"`,
    },
  ]);
}

/** Checks `object` (of `resource`) against its schema as `fieldValidation` asks; drops what it lacks. */
export function validateFields(
  resource: ResourceType,
  object: KubeObject,
  request: WriteRequest,
  kind: OptionsKind,
): void {
  const mode = validationMode(request, kind);
  const found: UnknownField[] = [];
  unknownFields(object, rootType(apiVersionOf(resource), resource.kind), '', found);
  if (found.length === 0) return;
  if (mode === 'Strict') {
    const fields = found.map((field) => `unknown field "${field.path}"`).join(', ');
    throw badRequest(
      `${resource.kind} in version "${resource.version}" cannot be handled as a ${resource.kind}: ` +
        `strict decoding error: ${fields}`,
    );
  }
  for (const field of found) {
    delete field.parent[field.key];
    if (mode === 'Warn') request.warn?.(`unknown field "${field.path}"`);
  }
}

/**
 * Server-side apply: under `Warn` and `Ignore` the applied configuration's unknown fields are
 * dropped (with a warning each under `Warn`) before the merge; under `Strict` the field manager's
 * typed conversion refuses them with its own message (apply/apply-validation.ts).
 */
export function dropUnknownAppliedFields(
  resource: ResourceType,
  applied: KubeObject,
  request: WriteRequest,
): void {
  if (validationMode(request, 'PatchOptions') !== 'Strict')
    validateFields(resource, applied, request, 'PatchOptions');
}
