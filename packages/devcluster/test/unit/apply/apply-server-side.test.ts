import { describe, expect, it } from 'vitest';
import { isNoOpApply, recordUpdate, serverSideApply } from '../../../src/apply/index.js';
import type { KubeObject } from '../../../src/types.js';
import { thrownApiError } from '../../helpers/api-error-fixtures.js';

const NOW = new Date('2024-05-01T10:00:00.250Z');
const LATER = new Date('2024-05-01T11:30:00Z');

interface Container {
  name: string;
  image: string;
}

function deployment(spec: {
  replicas?: number;
  containers?: Container[];
  labels?: Record<string, string>;
}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...(spec.labels ? { labels: spec.labels } : {}) },
    spec: {
      ...(spec.replicas === undefined ? {} : { replicas: spec.replicas }),
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: spec.containers ?? [{ name: 'web', image: 'nginx:1.25' }] },
      },
    },
  };
}

function apply(
  current: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  force = false,
): KubeObject {
  return serverSideApply(current, applied, { manager, force, now: NOW });
}

function managersOf(object: KubeObject): Array<[string, string]> {
  return (object.metadata.managedFields as Array<{ manager: string; operation: string }>).map((entry) => [
    entry.manager,
    entry.operation,
  ]);
}

function fieldsOf(object: KubeObject, manager: string): unknown {
  const entries = object.metadata.managedFields as Array<{ manager: string; fieldsV1: unknown }>;
  return entries.find((entry) => entry.manager === manager)?.fieldsV1;
}

const spec = (object: KubeObject) =>
  object.spec as { replicas?: number; template: { spec: { containers: Container[] } } };

describe('serverSideApply', () => {
  it('creates the object with one Apply entry holding the applied fields', () => {
    const created = apply(undefined, deployment({ replicas: 2, labels: { app: 'web' } }), 'alice');

    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'alice',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);
    expect(spec(created).replicas).toBe(2);
  });

  it('returns the live object itself when the same configuration is applied again', () => {
    const created = apply(undefined, deployment({ replicas: 2 }), 'alice');
    const again = serverSideApply(created, deployment({ replicas: 2 }), {
      manager: 'alice',
      force: false,
      now: LATER,
    });

    expect(again).toBe(created);
    expect(isNoOpApply(created, again)).toBe(true);
  });

  it('refuses another manager changing an owned field with the exact 409 Conflict', () => {
    const created = apply(undefined, deployment({ replicas: 2 }), 'alice');
    const error = thrownApiError(() => apply(created, deployment({ replicas: 5 }), 'bob'));

    expect(error.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [
          { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' },
        ],
      },
      code: 409,
    });
  });

  it('lets a second manager share a field set to the same value, without a time as nothing changed', () => {
    const created = apply(undefined, deployment({ replicas: 2 }), 'alice');
    const shared = apply(created, deployment({ replicas: 2 }), 'bob');

    // Entries sort by time, and one without time sorts first.
    expect(managersOf(shared)).toEqual([
      ['bob', 'Apply'],
      ['alice', 'Apply'],
    ]);
    expect((shared.metadata.managedFields as Array<{ time?: string }>)[0]?.time).toBeUndefined();
    expect(isNoOpApply(created, shared)).toBe(false);
  });

  it('moves a conflicting field to the forcing manager', () => {
    const created = apply(undefined, deployment({ replicas: 2 }), 'alice');
    const forced = apply(created, { ...deployment({}), spec: { replicas: 5 } }, 'bob', true);

    expect(spec(forced).replicas).toBe(5);
    expect(fieldsOf(forced, 'bob')).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(JSON.stringify(fieldsOf(forced, 'alice'))).not.toContain('f:replicas');
  });

  it('removes a field its only applier stops applying, but keeps one another manager owns', () => {
    const created = apply(
      undefined,
      deployment({ replicas: 2, labels: { app: 'web', tier: 'front' } }),
      'alice',
    );
    const shared = apply(created, { ...deployment({ labels: { tier: 'front' } }), spec: undefined }, 'bob');
    const dropped = apply(shared, deployment({ labels: { keep: 'yes' } }), 'alice');

    expect(dropped.metadata.labels).toEqual({ tier: 'front', keep: 'yes' });
    expect(spec(dropped).replicas).toBeUndefined();
  });

  it('merges keyed containers so each manager owns and removes only its own', () => {
    const first = apply(undefined, deployment({ containers: [{ name: 'web', image: 'nginx' }] }), 'alice');
    const both = apply(first, deployment({ containers: [{ name: 'log', image: 'fluentd' }] }), 'bob');

    expect(spec(both).template.spec.containers.map((container) => container.name)).toEqual(['web', 'log']);
    expect(JSON.stringify(fieldsOf(both, 'bob'))).toContain('k:{\\"name\\":\\"log\\"}');
    expect(JSON.stringify(fieldsOf(both, 'bob'))).not.toContain('k:{\\"name\\":\\"web\\"}');

    const withoutLog = { ...deployment({}), spec: { template: { spec: { containers: [] } } } };
    const afterBob = apply(both, withoutLog, 'bob');
    expect(spec(afterBob).template.spec.containers).toEqual([{ name: 'web', image: 'nginx' }]);
  });

  it('replaces an atomic list whole instead of merging it', () => {
    const withArgs = (args: string[]) =>
      deployment({ containers: [{ name: 'web', image: 'nginx', args } as Container] });
    const first = apply(undefined, withArgs(['a', 'b']), 'alice');
    const second = apply(first, withArgs(['c']), 'alice');

    expect((spec(second).template.spec.containers[0] as unknown as { args: string[] }).args).toEqual(['c']);
  });

  it('conflicts with an Update owner named with its apiVersion', () => {
    const created = recordUpdate(undefined, deployment({ replicas: 1 }), {
      manager: 'kubectl-create',
      operation: 'Update',
      now: NOW,
    });
    const edited = recordUpdate(
      created,
      { ...created, spec: { ...spec(created), replicas: 3 } },
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        now: NOW,
      },
    );
    const error = thrownApiError(() => apply(edited, { ...deployment({}), spec: { replicas: 4 } }, 'alice'));

    expect(error.status.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
    );
    expect(error.status.details?.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-edit" using apps/v1',
        field: '.spec.replicas',
      },
    ]);
  });

  it('lists several conflicts grouped by manager', () => {
    const created = apply(undefined, deployment({ replicas: 2, labels: { app: 'web' } }), 'alice');
    const changed = deployment({ replicas: 3, labels: { app: 'api' } });
    const error = thrownApiError(() => apply(created, changed, 'bob'));

    expect(error.status.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "alice":\n- .metadata.labels.app\n- .spec.replicas',
    );
    expect(error.status.details?.causes?.map((cause) => cause.field)).toEqual([
      '.metadata.labels.app',
      '.spec.replicas',
    ]);
  });

  it('rejects managedFields in the applied object with 400', () => {
    const body = deployment({});
    body.metadata.managedFields = [];
    const error = thrownApiError(() => apply(undefined, body, 'alice'));

    expect([error.code, error.status.reason, error.message]).toEqual([
      400,
      'BadRequest',
      'metadata.managedFields must be nil',
    ]);
  });

  it('rejects an applied object of another kind than the endpoint serves', () => {
    const error = thrownApiError(() =>
      serverSideApply(
        undefined,
        { ...deployment({}), apiVersion: 'apps/v1beta1' },
        {
          manager: 'alice',
          force: false,
          now: NOW,
          expected: { apiVersion: 'apps/v1', kind: 'Deployment' },
        },
      ),
    );

    expect([error.code, error.message]).toEqual([400, 'invalid object type: apps/v1beta1, Kind=Deployment']);
  });

  it('answers a field the schema does not declare with the typed-conversion 500', () => {
    const body = { ...deployment({}), spec: { replicas: 1, replica: 2 } };
    const error = thrownApiError(() => apply(undefined, body, 'alice'));

    expect(error.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): ' +
        '.spec.replica: field not declared in schema',
      code: 500,
    });
  });

  it('tracks custom resources with granular maps and atomic lists', () => {
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size: 1, tags: ['a', 'b'] },
    };
    const created = apply(undefined, widget, 'alice');

    expect(fieldsOf(created, 'alice')).toEqual({ 'f:spec': { '.': {}, 'f:size': {}, 'f:tags': {} } });
  });

  it('does not take ownership of status through the main resource', () => {
    const body = { ...deployment({ replicas: 1 }), status: { replicas: 1 } };
    const created = apply(undefined, body, 'alice');

    expect(JSON.stringify(fieldsOf(created, 'alice'))).not.toContain('f:status');
  });
});
