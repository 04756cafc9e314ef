import { describe, expect, it } from 'vitest';
import { alignCells, renderTable, rowRecords, tableCells } from '../../../src/output/table-text.js';
import { podTable, SECRET_VALUES, secret } from './fixtures.js';

describe('renderTable', () => {
  it('aligns columns as kubectl get does: upper-case headers, three spaces between columns', () => {
    const { header, rows } = renderTable(podTable(), { showNamespace: false });
    expect([header, ...rows]).toEqual([
      'NAME                 READY   RESTARTS   AGE',
      'web-1                1/1     0          3d',
      'database-primary-0   0/1     12         5m',
    ]);
  });

  it('shows priority > 0 columns only when wide, and <none> for an empty cell', () => {
    const { header, rows } = renderTable(podTable(), { showNamespace: false, wide: true });
    expect(header).toBe('NAME                 READY   RESTARTS   AGE   NODE');
    expect(rows[1]).toBe('database-primary-0   0/1     12         5m    <none>');
  });

  it('puts a NAMESPACE column first, read from each row object', () => {
    const { header, rows } = renderTable(podTable(), { showNamespace: true });
    expect(header.startsWith('NAMESPACE   NAME ')).toBe(true);
    expect(rows[0]?.startsWith('team-a      web-1 ')).toBe(true);
    expect(rows[1]?.startsWith('b           database-primary-0 ')).toBe(true);
  });

  it('prints booleans and numbers plainly and only the first line of a multi-line cell', () => {
    const table = podTable();
    table.columnDefinitions = [
      { name: 'Name', type: 'string' },
      { name: 'Suspend', type: 'boolean' },
      { name: 'Message', type: 'string' },
    ];
    table.rows = [{ cells: ['job', false, 'first line\nsecond line'] }];
    const { rows } = renderTable(table, { showNamespace: false });
    expect(rows).toEqual(['job    false     first line...']);
  });

  it('escapes control characters so a cell cannot break the layout or the terminal', () => {
    const table = podTable();
    table.columnDefinitions = [{ name: 'Name', type: 'string' }];
    table.rows = [{ cells: ['a\tb\u001b[31m'] }];
    expect(renderTable(table, { showNamespace: false }).rows).toEqual(['a\\tb\\u001b[31m']);
  });

  it('masks a Secret that a custom column prints whole as an object cell', () => {
    const table = podTable();
    table.columnDefinitions = [{ name: 'Spec', type: 'string' }];
    table.rows = [{ cells: [secret()] }, { cells: [[{ wrapped: secret() }]] }];
    const text = renderTable(table, { showNamespace: false }).rows.join('\n');
    expect(text).toContain('<redacted: 11 bytes>');
    for (const value of SECRET_VALUES) expect(text).not.toContain(value);
  });

  it('returns the header alone when there are no rows', () => {
    const table = { ...podTable(), rows: [] };
    expect(renderTable(table, { showNamespace: false })).toEqual({
      header: 'NAME   READY   RESTARTS   AGE',
      rows: [],
    });
  });

  it('aligns cells by characters, not UTF-16 units, and leaves the cells it aligns as they were', () => {
    const cells = {
      headerCells: ['NAME', 'AGE'],
      rowCells: [
        ['🚀-pod', '1d'],
        ['plain-pod', '2d'],
      ],
    };
    const { header, rows } = alignCells(cells);
    expect([header, ...rows]).toEqual(['NAME        AGE', '🚀-pod       1d', 'plain-pod   2d']);
    expect(cells.rowCells[0]).toEqual(['🚀-pod', '1d']);
  });

  it('ends no line in spaces: the last column is not padded, and a last cell ending in spaces is trimmed', () => {
    const { header, rows } = alignCells({
      headerCells: ['NAME', 'NOTE'],
      rowCells: [
        ['a', 'long note  '],
        ['bb', 'y'],
      ],
    });
    expect([header, ...rows]).toEqual(['NAME   NOTE', 'a      long note', 'bb     y']);
  });

  it('renders the same text from cells computed once as renderTable does', () => {
    const table = podTable();
    expect(alignCells(tableCells(table, { showNamespace: true }))).toEqual(
      renderTable(table, { showNamespace: true }),
    );
  });

  it('gives each row as data keyed by the headers it prints, namespace included', () => {
    const records = rowRecords(tableCells(podTable(), { showNamespace: true }));
    expect(records[0]).toEqual({
      NAMESPACE: 'team-a',
      NAME: 'web-1',
      READY: '1/1',
      RESTARTS: '0',
      AGE: '3d',
    });
    expect(records.map((record) => Object.keys(record))).toEqual([
      ['NAMESPACE', 'NAME', 'READY', 'RESTARTS', 'AGE'],
      ['NAMESPACE', 'NAME', 'READY', 'RESTARTS', 'AGE'],
    ]);
  });
});
