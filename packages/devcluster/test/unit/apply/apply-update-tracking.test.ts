import { describe, expect, it } from 'vitest';
import { managerFromRequest, recordUpdate, serverSideApply } from '../../../src/apply/index.js';
import type { KubeObject } from '../../../src/types.js';

const NOW = new Date('2024-05-01T10:00:00Z');
const LATER = new Date('2024-05-01T12:00:00Z');

const configMap = (data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'default' },
  data,
});

type Entry = { manager: string; operation: string; time?: string; fieldsV1: unknown };
const entries = (object: KubeObject) => object.metadata.managedFields as Entry[];

describe('recordUpdate', () => {
  it('owns everything a create sets, with `.` on maps the create added', () => {
    const created = recordUpdate(undefined, configMap({ a: '1' }), {
      manager: 'kubectl-create',
      operation: 'Update',
      now: NOW,
    });

    expect(entries(created)).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } },
      },
    ]);
  });

  it('merges one manager updates into its entry and takes changed fields from others', () => {
    const created = recordUpdate(undefined, configMap({ a: '1', b: '2' }), {
      manager: 'kubectl-create',
      operation: 'Update',
      now: NOW,
    });
    const first = recordUpdate(
      created,
      { ...created, data: { a: 'x', b: '2' } },
      { manager: 'kubectl-edit', operation: 'Update', now: NOW },
    );
    const second = recordUpdate(
      first,
      { ...first, data: { a: 'x', b: 'y' } },
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        now: LATER,
      },
    );

    expect(entries(second).map((entry) => [entry.manager, entry.time, entry.fieldsV1])).toEqual([
      ['kubectl-create', '2024-05-01T10:00:00Z', { 'f:data': {} }],
      ['kubectl-edit', '2024-05-01T12:00:00Z', { 'f:data': { 'f:a': {}, 'f:b': {} } }],
    ]);
  });

  it('keeps Apply and Update entries of the same manager apart', () => {
    const applied = serverSideApply(undefined, configMap({ a: '1' }), {
      manager: 'tool',
      force: false,
      now: NOW,
    });
    const updated = recordUpdate(
      applied,
      { ...applied, data: { a: '1', b: '2' } },
      { manager: 'tool', operation: 'Update', now: NOW },
    );

    expect(entries(updated).map((entry) => [entry.manager, entry.operation])).toEqual([
      ['tool', 'Apply'],
      ['tool', 'Update'],
    ]);
  });

  it('leaves managedFields untouched by a write that changes nothing', () => {
    const created = recordUpdate(undefined, configMap({ a: '1' }), {
      manager: 'kubectl-create',
      operation: 'Update',
      now: NOW,
    });
    const same = recordUpdate(created, created, {
      manager: 'kubectl-replace',
      operation: 'Update',
      now: LATER,
    });

    expect(same.metadata.managedFields).toEqual(created.metadata.managedFields);
  });

  it('resets tracking when the write sends an empty managedFields list', () => {
    const created = recordUpdate(undefined, configMap({ a: '1' }), {
      manager: 'kubectl-create',
      operation: 'Update',
      now: NOW,
    });
    const reset = { ...created, metadata: { ...created.metadata, managedFields: [] }, data: { a: '2' } };
    const updated = recordUpdate(created, reset, { manager: 'kubectl-edit', operation: 'Update', now: NOW });

    expect(entries(updated).map((entry) => [entry.manager, entry.fieldsV1])).toEqual([
      ['kubectl-edit', { 'f:data': { 'f:a': {} } }],
    ]);
  });
});

describe('managerFromRequest', () => {
  it('prefers the fieldManager parameter', () => {
    expect(managerFromRequest('kubectl-edit', 'kubectl/v1.32.0 (linux/amd64) kubernetes/abc')).toBe(
      'kubectl-edit',
    );
  });

  it('falls back to the user agent up to its first slash', () => {
    expect(managerFromRequest(null, 'kubectl/v1.32.0 (linux/amd64) kubernetes/abc')).toBe('kubectl');
    expect(managerFromRequest('', 'Go-http-client/1.1')).toBe('Go-http-client');
    expect(managerFromRequest(null, undefined)).toBe('');
  });

  it('drops unprintable characters and cuts at 128 bytes', () => {
    expect(managerFromRequest(null, 'my\u0007tool/1')).toBe('mytool');
    expect(managerFromRequest(null, `${'x'.repeat(127)}é/1`)).toBe('x'.repeat(127));
  });
});
