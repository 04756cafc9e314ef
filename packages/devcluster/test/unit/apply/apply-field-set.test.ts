import { describe, expect, it } from 'vitest';
import { FieldSet, type FieldsV1, pathToString } from '../../../src/apply/index.js';
import { changedFields, objectFields } from '../../../src/apply/object-fields.js';

const REAL_FIELDS: FieldsV1 = {
  'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': {
    'f:containers': {
      'k:{"name":"web"}': {
        '.': {},
        'f:image': {},
        'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
      },
    },
    'f:finalizers': { 'v:"a"': {} },
  },
};

describe('FieldSet', () => {
  it('round-trips FieldsV1 exactly', () => {
    expect(FieldSet.fromFieldsV1(REAL_FIELDS).toFieldsV1()).toEqual(REAL_FIELDS);
    expect(JSON.stringify(FieldSet.fromFieldsV1(REAL_FIELDS).toFieldsV1())).toBe(JSON.stringify(REAL_FIELDS));
  });

  it('lists paths in fieldpath order, printed the way conflicts name them', () => {
    const paths = FieldSet.fromFieldsV1(REAL_FIELDS).paths().map(pathToString);

    expect(paths).toEqual([
      '.metadata.labels',
      '.metadata.labels.app',
      '.spec.containers[name="web"]',
      '.spec.containers[name="web"].image',
      '.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"]',
      '.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"].containerPort',
      '.spec.finalizers[="a"]',
    ]);
  });

  it('keeps paths below a removed member in a difference but not in a recursive difference', () => {
    const set = FieldSet.of([{ field: 'a' }, { field: 'b' }], [{ field: 'c' }]);
    const other = FieldSet.of([{ field: 'a' }], [{ field: 'c' }]);

    expect(set.difference(other).toFieldsV1()).toEqual({ 'f:a': { 'f:b': {} } });
    expect(set.recursiveDifference(other).isEmpty()).toBe(true);
  });

  it('unions, intersects and keeps only leaves', () => {
    const left = FieldSet.of([{ field: 'spec' }, { field: 'replicas' }], [{ field: 'spec' }]);
    const right = FieldSet.of([{ field: 'spec' }, { field: 'replicas' }], [{ field: 'kind' }]);

    expect(left.union(right).toFieldsV1()).toEqual({ 'f:kind': {}, 'f:spec': { '.': {}, 'f:replicas': {} } });
    expect(left.intersection(right).toFieldsV1()).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(left.leaves().toFieldsV1()).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });
});

describe('object field sets', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { app: 'a' } },
    spec: { containers: [{ name: 'c', image: 'busybox', args: ['sleep'] }] },
  };

  it('owns keyed items and their fields, and atomic lists whole', () => {
    expect(objectFields(pod).toFieldsV1()).toEqual({
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:name': {} },
      'f:spec': {
        'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:args': {}, 'f:image': {}, 'f:name': {} } },
      },
    });
  });

  it('reports the changed leaves and removed fields between two versions', () => {
    const next = {
      ...pod,
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx', args: ['sleep'] }] },
    };
    const { changed, removed } = changedFields(pod, next);

    expect(changed.toFieldsV1()).toEqual({
      'f:spec': { 'f:containers': { 'k:{"name":"c"}': { 'f:image': {} } } },
    });
    expect(removed.toFieldsV1()).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } });
  });
});
