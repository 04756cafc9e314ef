import { describe, expect, it } from 'vitest';
import { applyPatchOptions, decodeApplyPatch, placeAppliedObject } from '../../../src/apply/index.js';
import { thrownApiError } from '../../helpers/api-error-fixtures.js';

describe('applyPatchOptions', () => {
  it('requires a fieldManager with the real 422 on PatchOptions', () => {
    expect(thrownApiError(() => applyPatchOptions(new URLSearchParams('force=true'))).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      reason: 'Invalid',
      details: {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: is required for apply patch',
            field: 'fieldManager',
          },
        ],
      },
      code: 422,
    });
  });

  it('refuses a fieldManager longer than 128 bytes', () => {
    const error = thrownApiError(() =>
      applyPatchOptions(new URLSearchParams({ fieldManager: 'm'.repeat(129) })),
    );

    expect(error.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes',
    );
  });

  it('parses force as a Go bool and answers 400 otherwise', () => {
    expect(applyPatchOptions(new URLSearchParams('fieldManager=kubectl&force=true'))).toEqual({
      manager: 'kubectl',
      force: true,
    });
    const error = thrownApiError(() =>
      applyPatchOptions(new URLSearchParams('fieldManager=kubectl&force=yes')),
    );
    expect([error.code, error.message]).toEqual([400, 'strconv.ParseBool: parsing "yes": invalid syntax']);
  });
});

describe('decodeApplyPatch', () => {
  it('reads YAML and JSON bodies', () => {
    expect(decodeApplyPatch('apiVersion: v1\nkind: ConfigMap\n')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
    });
    expect(decodeApplyPatch(Buffer.from('{"kind":"Pod"}'))).toEqual({ kind: 'Pod' });
  });

  it('refuses a body that is not an object like the real decoder', () => {
    const error = thrownApiError(() => decodeApplyPatch('- a\n- b\n'));

    expect([error.code, error.message]).toEqual([
      400,
      'error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array ' +
        'into Go value of type map[string]interface {}',
    ]);
  });

  it('answers malformed YAML with 400', () => {
    const error = thrownApiError(() => decodeApplyPatch('kind: [Pod\n'));

    expect(error.code).toBe(400);
    expect(error.message).toMatch(/^error decoding patch: error converting YAML to JSON: yaml: /);
  });
});

describe('placeAppliedObject', () => {
  const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } };

  it('fills in the namespace of the request', () => {
    expect(placeAppliedObject(object, { name: 'a', namespace: 'team-a' }).metadata.namespace).toBe('team-a');
  });

  it('refuses another name than the URL with 400', () => {
    const error = thrownApiError(() => placeAppliedObject(object, { name: 'b', namespace: 'team-a' }));

    expect([error.code, error.message]).toEqual([
      400,
      'the name of the object (a) does not match the name on the URL (b)',
    ]);
  });

  it('refuses another namespace than the request with 400', () => {
    const placed = { ...object, metadata: { name: 'a', namespace: 'team-b' } };
    const error = thrownApiError(() => placeAppliedObject(placed, { name: 'a', namespace: 'team-a' }));

    expect(error.message).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  });
});
