// The shape structured-merge-diff gives each value, derived from the served OpenAPI the way
// kube-openapi's schemaconv does: structs with named fields, granular or atomic maps, lists
// that are atomic, sets (`listType: set`) or keyed (`listType: map` with listMapKeys, or a
// `merge` patch strategy with a patchMergeKey when no list type is declared). Kinds without a
// definition (custom resources) keep ObjectMeta for metadata and are otherwise deduced from the
// value, as SMD's DeducedParseableType: objects are granular maps, lists are atomic.
import { BUILTIN_OPENAPI_V2, type JsonObject } from '../openapi/generated-spec.js';
import { definitionForKind, type FieldPatchMeta, fieldPatchMeta } from '../openapi/index.js';

export type TypeNode =
  /** A struct: `definition` names its OpenAPI definition; `open` structs accept undeclared fields. */
  | { kind: 'struct'; definition: string; atomic: boolean; open: boolean }
  | { kind: 'map'; element: TypeNode; atomic: boolean }
  | { kind: 'list'; relationship: 'atomic' | 'set' | 'keyed'; keys: string[]; element: TypeNode }
  | { kind: 'scalar'; scalar: ScalarKind }
  | { kind: 'deduced' };

/** SMD's scalar kinds; `untyped` accepts any value (IntOrString, Quantity, date-time). */
export type ScalarKind = 'numeric' | 'string' | 'boolean' | 'untyped';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const DEDUCED: TypeNode = { kind: 'deduced' };
const SCALAR: TypeNode = { kind: 'scalar', scalar: 'untyped' };
// schemaconv types quantities as untyped although the OpenAPI says string: `cpu: 1` applies.
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** The root of a kind the simulator has no definition for. */
const CUSTOM_ROOT = 'custom-resource';

const definitions = BUILTIN_OPENAPI_V2.definitions;

export function rootType(apiVersion: string, kind: string): TypeNode {
  const definition = definitionForKind(apiVersion, kind);
  if (definition) return definitionType(definition);
  return { kind: 'struct', definition: CUSTOM_ROOT, atomic: false, open: true };
}

function refName(schema: JsonObject): string | undefined {
  const ref = schema.$ref;
  return typeof ref === 'string' ? ref.replace('#/definitions/', '') : undefined;
}

function definitionType(name: string): TypeNode {
  const schema = definitions[name];
  if (!schema) return DEDUCED;
  if (name === QUANTITY) return SCALAR;
  if (schema.properties) {
    return {
      kind: 'struct',
      definition: name,
      atomic: schema['x-kubernetes-map-type'] === 'atomic',
      open: false,
    };
  }
  return schemaType(schema, undefined);
}

function listRelationship(meta: FieldPatchMeta | undefined): {
  relationship: 'atomic' | 'set' | 'keyed';
  keys: string[];
} {
  if (meta?.listType === 'map') return { relationship: 'keyed', keys: meta.listMapKeys ?? [] };
  if (meta?.listType === 'set') return { relationship: 'set', keys: [] };
  if (meta?.listType === 'atomic' || !meta?.patchStrategy?.split(',').includes('merge')) {
    return { relationship: 'atomic', keys: [] };
  }
  // schemaconv's fallback for lists without a list type: the strategic-merge key.
  return meta.patchMergeKey
    ? { relationship: 'keyed', keys: [meta.patchMergeKey] }
    : { relationship: 'set', keys: [] };
}

function schemaType(schema: JsonObject, meta: FieldPatchMeta | undefined): TypeNode {
  const ref = refName(schema);
  if (ref) return definitionType(ref);
  if (schema.type === 'array') {
    const items = (schema.items ?? {}) as JsonObject;
    return { kind: 'list', ...listRelationship(meta), element: schemaType(items, undefined) };
  }
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
    const element = schemaType(schema.additionalProperties as JsonObject, undefined);
    return { kind: 'map', element, atomic: schema['x-kubernetes-map-type'] === 'atomic' };
  }
  if (schema.type === 'object' || schema.type === undefined) return DEDUCED;
  return { kind: 'scalar', scalar: scalarKind(schema.type, schema.format) };
}

/** schemaconv's primitive conversion: formatted strings other than bytes are untyped. */
function scalarKind(type: unknown, format: unknown): ScalarKind {
  if (type === 'integer' || type === 'number') return 'numeric';
  if (type === 'boolean') return 'boolean';
  if (type === 'string')
    return format === undefined || format === '' || format === 'byte' ? 'string' : 'untyped';
  return 'untyped';
}

/** The type of a struct's field, or undefined when the struct does not declare it. */
export function fieldType(
  struct: Extract<TypeNode, { kind: 'struct' }>,
  field: string,
): TypeNode | undefined {
  if (struct.definition === CUSTOM_ROOT) {
    if (field === 'metadata') return definitionType(OBJECT_META);
    return field === 'apiVersion' || field === 'kind' ? SCALAR : DEDUCED;
  }
  const properties = definitions[struct.definition]?.properties as Record<string, JsonObject> | undefined;
  const property = properties?.[field];
  if (!property) return struct.open ? DEDUCED : undefined;
  return schemaType(property, fieldPatchMeta(struct.definition, field));
}

/** Whether a struct declares the field (SMD's "named field", owned without a `.` of its own). */
export function isNamedField(type: TypeNode, field: string): boolean {
  if (type.kind !== 'struct') return false;
  if (type.definition === CUSTOM_ROOT) return ['apiVersion', 'kind', 'metadata'].includes(field);
  return fieldType(type, field) !== undefined;
}

/** The concrete shape of a value: deduced types become a granular map, an atomic list or a scalar. */
export function resolveType(type: TypeNode, value: unknown): TypeNode {
  if (type.kind !== 'deduced') return type;
  if (Array.isArray(value)) return { kind: 'list', relationship: 'atomic', keys: [], element: DEDUCED };
  if (isPlainObject(value)) return { kind: 'map', element: DEDUCED, atomic: false };
  return SCALAR;
}

/** The type of a map entry or struct field below a granular map-like type. */
export function entryType(type: TypeNode, field: string): TypeNode | undefined {
  if (type.kind === 'struct') return fieldType(type, field);
  if (type.kind === 'map') return type.element;
  return undefined;
}

/**
 * Whether a struct field is serialized even when zero (no omitempty), so that the Go zero value
 * of its struct has it: the top-level parts, the template, and the fields the schema requires.
 */
export function isValueStructField(struct: Extract<TypeNode, { kind: 'struct' }>, field: string): boolean {
  if (['metadata', 'spec', 'status', 'template'].includes(field)) return true;
  const required = definitions[struct.definition]?.required;
  return Array.isArray(required) && required.includes(field);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether a value is a map or struct whose entries are tracked one by one. */
export function isGranularMap(type: TypeNode): type is Extract<TypeNode, { kind: 'struct' | 'map' }> {
  return (type.kind === 'struct' || type.kind === 'map') && !type.atomic;
}
