import { describe, expect, it } from 'vitest';
import { applyJsonPatch, JsonPatchFailure } from '../../../src/patch/json-patch.js';
import { mergePatch } from '../../../src/patch/merge-patch.js';

describe('mergePatch', () => {
  const document = {
    metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
    spec: { replicas: 1, args: ['a', 'b'] },
  };

  it('merges nested maps and deletes keys set to null', () => {
    const patched = mergePatch(document, {
      metadata: { labels: { tier: null, team: 'a' } },
      spec: { replicas: 3 },
    });
    expect(patched).toEqual({
      metadata: { name: 'web', labels: { app: 'web', team: 'a' } },
      spec: { replicas: 3, args: ['a', 'b'] },
    });
  });

  it('replaces lists as a whole', () => {
    expect(mergePatch(document, { spec: { args: ['c'] } }).spec).toEqual({ replicas: 1, args: ['c'] });
  });

  it('drops nulls inside values it adds, including maps nested in lists', () => {
    const patched = mergePatch(document, { status: { ready: null, items: [{ a: null, b: 1 }, null] } });
    expect(patched.status).toEqual({ items: [{ b: 1 }, null] });
  });

  it('leaves the document it was given untouched', () => {
    mergePatch(document, { metadata: { labels: null } });
    expect(document.metadata.labels).toEqual({ app: 'web', tier: 'front' });
  });
});

describe('applyJsonPatch', () => {
  const document = {
    metadata: { name: 'web', annotations: { 'a/b': '1', 'c~d': '2' } },
    spec: { args: ['x', 'y'] },
  };

  it('adds, and appends to a list with -', () => {
    const patched = applyJsonPatch(document, [
      { op: 'add', path: '/metadata/labels', value: { app: 'web' } },
      { op: 'add', path: '/spec/args/-', value: 'z' },
      { op: 'add', path: '/spec/args/0', value: 'w' },
    ]);
    expect(patched).toMatchObject({
      metadata: { labels: { app: 'web' } },
      spec: { args: ['w', 'x', 'y', 'z'] },
    });
  });

  it('unescapes ~1 and ~0 in pointer tokens', () => {
    const patched = applyJsonPatch(document, [
      { op: 'remove', path: '/metadata/annotations/a~1b' },
      { op: 'replace', path: '/metadata/annotations/c~0d', value: '3' },
    ]);
    expect(patched).toMatchObject({ metadata: { annotations: { 'c~d': '3' } } });
    expect((patched as typeof document).metadata.annotations).not.toHaveProperty('a/b');
  });

  it('moves and copies values', () => {
    const patched = applyJsonPatch(document, [
      { op: 'copy', from: '/spec/args/0', path: '/spec/first' },
      { op: 'move', from: '/spec/args', path: '/spec/command' },
    ]);
    expect(patched).toMatchObject({ spec: { first: 'x', command: ['x', 'y'] } });
    expect((patched as { spec: object }).spec).not.toHaveProperty('args');
  });

  it('passes a test of an equal value and fails one of a different value', () => {
    expect(() =>
      applyJsonPatch(document, [{ op: 'test', path: '/spec/args', value: ['x', 'y'] }]),
    ).not.toThrow();
    expect(() => applyJsonPatch(document, [{ op: 'test', path: '/spec/args/1', value: 'x' }])).toThrow(
      JsonPatchFailure,
    );
  });

  it('treats a missing key as equal to a null test value, as json-patch v4 does', () => {
    expect(() =>
      applyJsonPatch(document, [{ op: 'test', path: '/metadata/labels', value: null }]),
    ).not.toThrow();
  });

  it('refuses list indexes out of bounds but counts negative ones from the end', () => {
    expect(() => applyJsonPatch(document, [{ op: 'add', path: '/spec/args/3', value: 'z' }])).toThrow(
      JsonPatchFailure,
    );
    expect(() => applyJsonPatch(document, [{ op: 'remove', path: '/spec/args/2' }])).toThrow(
      JsonPatchFailure,
    );
    expect(applyJsonPatch(document, [{ op: 'remove', path: '/spec/args/-1' }])).toMatchObject({
      spec: { args: ['x'] },
    });
  });

  it('refuses paths through missing parents and removal of missing keys', () => {
    expect(() => applyJsonPatch(document, [{ op: 'add', path: '/status/phase', value: 'x' }])).toThrow(
      JsonPatchFailure,
    );
    expect(() => applyJsonPatch(document, [{ op: 'remove', path: '/metadata/labels' }])).toThrow(
      JsonPatchFailure,
    );
  });

  it('lets replace add a missing object key, as json-patch v4 does', () => {
    expect(applyJsonPatch(document, [{ op: 'replace', path: '/spec/replicas', value: 2 }])).toMatchObject({
      spec: { replicas: 2 },
    });
  });

  it('refuses unknown operations', () => {
    expect(() => applyJsonPatch(document, [{ op: 'increment', path: '/spec/replicas' }])).toThrow(
      'Unexpected kind',
    );
  });
});
