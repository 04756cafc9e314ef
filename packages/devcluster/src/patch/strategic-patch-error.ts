// Failures of a strategic merge patch, with the texts of apimachinery's mergepatch and strategicpatch
// packages and the answer patch.go's interpretStrategicMergePatchError gives each of them.
import { goValue } from './go-format.js';

/** BadRequest and Invalid are the errors patch.go maps to 400 and 422; every other error becomes a 500. */
export type StrategicPatchAnswer = 'BadRequest' | 'Invalid' | 'ServerError';

export class StrategicPatchError extends Error {
  constructor(
    message: string,
    readonly answer: StrategicPatchAnswer,
  ) {
    super(message);
  }
}

export const badPrimitiveListFormat = (): StrategicPatchError =>
  new StrategicPatchError('invalid patch format of primitive list', 'BadRequest');

export const badRetainKeysFormat = (): StrategicPatchError =>
  new StrategicPatchError('invalid patch format of retainKeys', 'BadRequest');

export const badSetElementOrderFormat = (): StrategicPatchError =>
  new StrategicPatchError('invalid patch format of setElementOrder list', 'BadRequest');

export const noListOfLists = (): StrategicPatchError =>
  new StrategicPatchError('lists of lists are not supported', 'Invalid');

export const noMergeKey = (item: unknown, mergeKey: string): StrategicPatchError =>
  new StrategicPatchError(
    `map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`,
    'ServerError',
  );

export const unknownPatchType = (directive: unknown, item: unknown): StrategicPatchError =>
  new StrategicPatchError(
    `unknown patch type: ${goValue(directive)} in map: ${goValue(item)}`,
    'ServerError',
  );

/** The reflect type name Go prints for a value decoded into interface{}. */
function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '%!s(<nil>)';
  if (Array.isArray(value)) return '[]interface {}';
  if (typeof value === 'object') return 'map[string]interface {}';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return typeof value === 'boolean' ? 'bool' : 'string';
}

/** mergepatch.ErrBadArgType for a value that should have been a list or a map. */
export const badArgType = (expected: 'list' | 'map', actual: unknown): StrategicPatchError =>
  new StrategicPatchError(
    `expected a ${expected === 'list' ? '[]interface {}' : 'map[string]interface {}'}, but received a ${goTypeName(actual)}`,
    'ServerError',
  );
