// The request side of server-side apply: the PATCH query parameters, the apply-patch body and
// where the applied object lands, with the messages kube-apiserver's patch handler answers.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { goQuote, isGoPrintable } from '../api/go-quote.js';
import { badRequest } from '../api/status.js';
import type { KubeObject } from '../types.js';
import { type FieldError, invalidOptions } from './apply-errors.js';
import { isPlainObject } from './schema.js';

export const APPLY_PATCH_MEDIA_TYPE = 'application/apply-patch+yaml';

export const FIELD_MANAGER_MAX_LENGTH = 128;

/** ValidateFieldManager: at most 128 bytes, printable characters only. */
export function fieldManagerErrors(manager: string): FieldError[] {
  const errors: FieldError[] = [];
  if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX_LENGTH) {
    errors.push({
      reason: 'FieldValueTooLong',
      field: 'fieldManager',
      detail: `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes`,
    });
  }
  let position = 0;
  for (const character of manager) {
    if (!isGoPrintable(character)) {
      const code = (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      errors.push({
        reason: 'FieldValueInvalid',
        field: 'fieldManager',
        detail: `Invalid value: ${goQuote(manager)}: invalid character U+${code} (at position ${position})`,
      });
    }
    position += Buffer.byteLength(character);
  }
  return errors;
}

const BOOLEANS: Record<string, boolean> = {
  '1': true,
  t: true,
  T: true,
  true: true,
  TRUE: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  false: false,
  FALSE: false,
  False: false,
};

/** PatchOptions of an apply: fieldManager is required (422), force must parse as a Go bool (400). */
export function applyPatchOptions(query: URLSearchParams): { manager: string; force: boolean } {
  const manager = query.get('fieldManager') ?? '';
  const forceText = query.get('force');
  let force = false;
  if (forceText) {
    const parsed = BOOLEANS[forceText];
    if (parsed === undefined)
      throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(forceText)}: invalid syntax`);
    force = parsed;
  }
  const errors = fieldManagerErrors(manager);
  if (!manager) {
    errors.unshift({
      reason: 'FieldValueRequired',
      field: 'fieldManager',
      detail: 'Required value: is required for apply patch',
    });
  }
  if (errors.length > 0) throw invalidOptions('PatchOptions', errors);
  return { manager, force };
}

function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'string';
}

/** Decodes an apply-patch body (YAML or JSON) into an object, answering 400 like the real decoder. */
export function decodeApplyPatch(body: Buffer | string): Record<string, unknown> {
  let decoded: unknown;
  try {
    decoded = parseYaml(body.toString(), { uniqueKeys: false });
  } catch (error) {
    const problem = error instanceof YAMLParseError ? error : undefined;
    const line = problem?.linePos?.[0]?.line;
    const summary = ((error as Error).message.split('\n')[0] ?? '').replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    throw badRequest(
      `error decoding patch: error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ''}${summary}`,
    );
  }
  if (decoded === null || decoded === undefined) return {};
  if (!isPlainObject(decoded)) {
    throw badRequest(
      'error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ' +
        `${goTypeName(decoded)} into Go value of type map[string]interface {}`,
    );
  }
  return decoded;
}

/**
 * The checks after merging: the object takes the request's namespace (or must match it) and
 * must carry the name in the URL.
 */
export function placeAppliedObject(
  object: KubeObject,
  target: { name: string; namespace: string },
): KubeObject {
  const namespace = object.metadata.namespace ?? '';
  if (namespace && target.namespace && namespace !== target.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const { namespace: _namespace, ...metadata } = object.metadata;
  const placed = {
    ...object,
    metadata: target.namespace ? { ...metadata, namespace: target.namespace } : metadata,
  };
  const name = placed.metadata.name ?? '';
  if (name !== target.name) {
    throw badRequest(`the name of the object (${name}) does not match the name on the URL (${target.name})`);
  }
  return placed;
}
