import type { KubeTable } from '../k8s/index.js';
import { renderTable } from '../output/index.js';

// Tables the tools compose themselves (events, rollout history, contexts...) are printed by the
// same renderer as the API server's Tables, so every table a model sees looks alike.

export function textTable(columns: string[], rows: unknown[][]): { header: string; rows: string[] } {
  const table: KubeTable = {
    kind: 'Table',
    columnDefinitions: columns.map((column) => ({ name: column, type: 'string' })),
    rows: rows.map((cells) => ({ cells })),
  };
  return renderTable(table, { showNamespace: false });
}

export function textTableString(columns: string[], rows: unknown[][]): string {
  const table = textTable(columns, rows);
  return [table.header, ...table.rows].join('\n');
}
