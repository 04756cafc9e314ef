import { describe, expect, it } from 'vitest';
import { customResourcePrinter } from '../../../src/table/custom-resource-printer.js';
import type { KubeObject } from '../../../src/types.js';

const now = new Date('2025-01-10T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

function crd(columnsOfV1: unknown[] | undefined): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'databases.example.com' },
    spec: {
      versions: [
        { name: 'v1', served: true, storage: true, additionalPrinterColumns: columnsOfV1 },
        { name: 'v1beta1', served: true, storage: false },
      ],
    },
  };
}

const printerColumns = [
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  {
    name: 'Replicas',
    type: 'integer',
    format: 'int32',
    jsonPath: '.spec.replicas',
    description: 'Desired members',
  },
  { name: 'Paused', type: 'boolean', jsonPath: '.spec.paused', priority: 1 },
  { name: 'Backed Up', type: 'date', jsonPath: '.status.lastBackup' },
  { name: 'Endpoint', type: 'string', jsonPath: '.status.endpoint' },
];

const database: KubeObject = {
  apiVersion: 'example.com/v1',
  kind: 'Database',
  metadata: { name: 'orders', creationTimestamp: minutesAgo(90) },
  spec: { replicas: 3, paused: false },
  status: {
    conditions: [
      { type: 'Synced', status: 'True' },
      { type: 'Ready', status: 'False' },
    ],
    lastBackup: minutesAgo(5),
    endpoint: { host: 'db.internal', port: 5432 },
  },
};

describe('custom resource tables', () => {
  it('declares NAME then the printer columns of the requested version', () => {
    expect(customResourcePrinter(crd(printerColumns), 'v1').columns.slice(1, 3)).toEqual([
      {
        name: 'Ready',
        type: 'string',
        format: '',
        description:
          'Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status',
        priority: 0,
      },
      { name: 'Replicas', type: 'integer', format: 'int32', description: 'Desired members', priority: 0 },
    ]);
    expect(customResourcePrinter(crd(printerColumns), 'v1').columns[3]?.priority).toBe(1);
  });

  it('fills cells by column type: filtered strings, integers, booleans, dates as ages, objects as JSON', () => {
    expect(customResourcePrinter(crd(printerColumns), 'v1').cells(database, now)).toEqual([
      'orders',
      'False',
      3,
      false,
      '5m',
      '{"host":"db.internal","port":5432}',
    ]);
  });

  it('leaves a cell null when its path finds nothing or the value has another type', () => {
    const bare: KubeObject = { ...database, spec: { replicas: 'three' }, status: {} };
    expect(customResourcePrinter(crd(printerColumns), 'v1').cells(bare, now)).toEqual([
      'orders',
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('marks a date column whose value is not an RFC 3339 time as invalid', () => {
    const columns = [{ name: 'Since', type: 'date', jsonPath: '.status.since' }];
    const object: KubeObject = { ...database, status: { since: 'yesterday' } };
    expect(customResourcePrinter(crd(columns), 'v1').cells(object, now)).toEqual(['orders', '<invalid>']);
  });

  it('gives a version without printer columns the default AGE column', () => {
    const printer = customResourcePrinter(crd(printerColumns), 'v1beta1');
    expect(printer.columns.map((column) => [column.name, column.type])).toEqual([
      ['Name', 'string'],
      ['Age', 'date'],
    ]);
    expect(printer.cells(database, now)).toEqual(['orders', '90m']);
  });

  it('prints numbers in string columns as Go does', () => {
    const columns = [{ name: 'Ratio', type: 'string', jsonPath: '.status.ratio' }];
    const cell = (ratio: number) =>
      customResourcePrinter(crd(columns), 'v1').cells({ ...database, status: { ratio } }, now)[1];
    expect(cell(0.25)).toBe('0.25');
    expect(cell(2500000.5)).toBe('2.5000005e+06');
    expect(cell(42)).toBe('42');
  });
});
