import { describe, expect, it } from 'vitest';
import { compileJsonPath, JsonPathSyntaxError } from '../../../src/table/jsonpath.js';

const resource = {
  metadata: { name: 'db', labels: { 'app.kubernetes.io/name': 'postgres' } },
  spec: {
    replicas: 3,
    members: [
      { name: 'a', port: 5432 },
      { name: 'b', port: 5433 },
    ],
  },
  status: {
    conditions: [
      { type: 'Progressing', status: 'True' },
      { type: 'Ready', status: 'False', reason: 'Degraded' },
    ],
  },
};

const find = (path: string) => compileJsonPath(path)(resource);

describe('compileJsonPath', () => {
  it('follows fields and array indexes', () => {
    expect(find('.spec.replicas')).toEqual([3]);
    expect(find('.spec.members[1].port')).toEqual([5433]);
    expect(find('.spec.members[-1].name')).toEqual(['b']);
  });

  it('reads keys with dots through quoted brackets', () => {
    expect(find(".metadata.labels['app.kubernetes.io/name']")).toEqual(['postgres']);
  });

  it('collects every element with a wildcard', () => {
    expect(find('.spec.members[*].name')).toEqual(['a', 'b']);
  });

  it('keeps the elements a filter accepts', () => {
    expect(find('.status.conditions[?(@.type=="Ready")].status')).toEqual(['False']);
    expect(find(".status.conditions[?(@.type != 'Ready')].type")).toEqual(['Progressing']);
    expect(find('.spec.members[?(@.port > 5432)].name')).toEqual(['b']);
    expect(find('.status.conditions[?(@.reason)].type')).toEqual(['Ready']);
  });

  it('finds nothing where a key is missing, as the server allows missing keys', () => {
    expect(find('.status.observedGeneration')).toEqual([]);
    expect(find('.spec.replicas.count')).toEqual([]);
    expect(find('.spec.members[7]')).toEqual([]);
  });

  it('rejects syntax it does not understand', () => {
    expect(() => compileJsonPath('..name')).toThrow(JsonPathSyntaxError);
    expect(() => compileJsonPath('.spec.members[1:2]')).toThrow(JsonPathSyntaxError);
  });
});
