import { describe, expect, it } from 'vitest';
import { toTable } from '../../../src/table/index.js';
import type { KubeObject, ResourceType } from '../../../src/types.js';

const now = new Date('2025-01-10T12:00:00Z');

function resourceType(group: string, version: string, kind: string, plural: string): ResourceType {
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: ['get', 'list'],
    subresources: [],
  };
}

const configMaps = resourceType('', 'v1', 'ConfigMap', 'configmaps');
const roles = resourceType('rbac.authorization.k8s.io', 'v1', 'Role', 'roles');

const settings: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'settings',
    namespace: 'default',
    labels: { app: 'shop' },
    creationTimestamp: '2025-01-10T11:00:00Z',
    resourceVersion: '42',
  },
  data: { a: '1', b: '2' },
  binaryData: { c: 'AA==' },
};

describe('toTable', () => {
  it('answers with a meta.k8s.io/v1 Table carrying the list metadata that is set', () => {
    const table = toTable(configMaps, [settings], {
      includeObject: 'Metadata',
      now,
      listMeta: { resourceVersion: '77', continue: 'token', remainingItemCount: 0 },
    });
    expect(table).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '77', continue: 'token', remainingItemCount: 0 },
    });
    expect(table.columnDefinitions).toEqual([
      expect.objectContaining({ name: 'Name', type: 'string', format: 'name', priority: 0 }),
      expect.objectContaining({ name: 'Data', type: 'string', format: '', priority: 0 }),
      expect.objectContaining({ name: 'Age', type: 'string', format: '', priority: 0 }),
    ]);
    expect(toTable(configMaps, [], { includeObject: 'Metadata', now }).metadata).toEqual({});
  });

  it('counts data and binaryData keys together in a ConfigMap row', () => {
    const table = toTable(configMaps, [settings], { includeObject: 'None', now });
    expect(table.rows).toEqual([{ cells: ['settings', 3, '60m'], object: null }]);
  });

  it('carries each object as PartialObjectMetadata by default, whole, or not at all', () => {
    const rowObject = (includeObject: 'None' | 'Metadata' | 'Object', version?: 'v1' | 'v1beta1') =>
      (toTable(configMaps, [settings], { includeObject, now, version }).rows as { object: unknown }[])[0]
        ?.object;
    expect(rowObject('Metadata')).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: settings.metadata,
    });
    expect(rowObject('Metadata', 'v1beta1')).toMatchObject({ apiVersion: 'meta.k8s.io/v1beta1' });
    expect(rowObject('Object')).toBe(settings);
    expect(rowObject('None')).toBeNull();
  });

  it('answers in the Table version the client accepted', () => {
    expect(toTable(configMaps, [], { includeObject: 'None', now, version: 'v1beta1' }).apiVersion).toBe(
      'meta.k8s.io/v1beta1',
    );
  });

  it('leaves out column definitions when asked to, as for watch events after the first', () => {
    const table = toTable(configMaps, [settings], { includeObject: 'None', now, noHeaders: true });
    expect(table.columnDefinitions).toBeNull();
    expect(table.rows).toHaveLength(1);
  });

  it('gives kinds without a printer the default NAME and CREATED AT columns', () => {
    const role: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'reader', creationTimestamp: '2025-01-09T08:30:00.000Z' },
    };
    const table = toTable(roles, [role], { includeObject: 'None', now });
    expect(table.columnDefinitions).toEqual([
      expect.objectContaining({ name: 'Name', format: 'name' }),
      expect.objectContaining({ name: 'Created At', type: 'date' }),
    ]);
    expect(table.rows).toEqual([{ cells: ['reader', '2025-01-09T08:30:00Z'], object: null }]);
  });

  it('uses the CRD printer columns for a custom resource', () => {
    const databases = resourceType('example.com', 'v1', 'Database', 'databases');
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'databases.example.com' },
      spec: {
        versions: [
          {
            name: 'v1',
            additionalPrinterColumns: [{ name: 'Engine', type: 'string', jsonPath: '.spec.engine' }],
          },
        ],
      },
    };
    const database: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Database',
      metadata: { name: 'orders' },
      spec: { engine: 'postgres' },
    };
    const table = toTable(databases, [database], { includeObject: 'None', now, crd });
    expect((table.columnDefinitions as { name: string }[]).map((column) => column.name)).toEqual([
      'Name',
      'Engine',
    ]);
    expect(table.rows).toEqual([{ cells: ['orders', 'postgres'], object: null }]);
  });

  it('marks rows of finished pods as completed', () => {
    const pods = resourceType('', 'v1', 'Pod', 'pods');
    const finished: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'job-x' },
      spec: { containers: [{ name: 'task' }] },
      status: { phase: 'Failed' },
    };
    const [row] = toTable(pods, [finished], { includeObject: 'None', now }).rows as {
      conditions?: unknown;
    }[];
    expect(row?.conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
  });
});
