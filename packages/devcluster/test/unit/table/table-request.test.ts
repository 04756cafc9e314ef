import { describe, expect, it } from 'vitest';
import { includeObjectFrom, tableVersionFor, wantsTable } from '../../../src/table/table-request.js';

const kubectlGet =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('tableVersionFor and wantsTable', () => {
  it('answers kubectl get with a v1 Table', () => {
    expect(tableVersionFor(kubectlGet)).toBe('v1');
    expect(wantsTable(kubectlGet)).toBe(true);
  });

  it('answers with v1beta1 when that is the only Table version asked for', () => {
    expect(tableVersionFor('application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json')).toBe(
      'v1beta1',
    );
  });

  it('answers with plain objects when no Table is asked for or plain JSON comes first', () => {
    expect(wantsTable('application/json')).toBe(false);
    expect(wantsTable('*/*')).toBe(false);
    expect(wantsTable('')).toBe(false);
    expect(wantsTable('application/json, application/json;as=Table;v=v1;g=meta.k8s.io')).toBe(false);
  });

  it('passes over Table requests it cannot serve and takes the next acceptable one', () => {
    expect(
      tableVersionFor(
        'application/json;as=Table;v=v2;g=meta.k8s.io,application/json;as=Table;v=v1;g=meta.k8s.io',
      ),
    ).toBe('v1');
    expect(wantsTable('application/json;as=Table;v=v1;g=example.com,application/json')).toBe(false);
    expect(wantsTable('application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io')).toBe(false);
  });

  it('honours quality values over the order of the header', () => {
    expect(wantsTable('application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io')).toBe(true);
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io;q=0,application/json')).toBe(false);
  });
});

describe('includeObjectFrom', () => {
  it('defaults to Metadata, as kube-apiserver does, and refuses unknown values', () => {
    expect(includeObjectFrom(undefined)).toBe('Metadata');
    expect(includeObjectFrom('')).toBe('Metadata');
    expect(includeObjectFrom('Object')).toBe('Object');
    expect(includeObjectFrom('None')).toBe('None');
    expect(includeObjectFrom('object')).toBeUndefined();
  });
});
