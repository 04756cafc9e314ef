import type { KubeTable } from '../k8s/kube-object.js';

export interface TableTextOptions {
  /** Put a NAMESPACE column first, as `kubectl get -A` does. */
  showNamespace: boolean;
  /** Also show the columns of priority > 0, as `kubectl get -o wide` does. */
  wide?: boolean;
}

export interface TableText {
  header: string;
  /** One line per row, so a size limit can cut between rows. */
  rows: string[];
}

const COLUMN_GAP = '   ';
/** Where kubectl would leave a cell blank; a blank would shift the columns for a reader splitting on spaces. */
const EMPTY_CELL = '<none>';

/** A server-side Table as `kubectl get` prints it: upper-case headers, columns aligned with 3 spaces. */
export function renderTable(table: KubeTable, options: TableTextOptions): TableText {
  const shownColumns = table.columnDefinitions
    .map((column, index) => ({ name: column.name, index, priority: column.priority ?? 0 }))
    .filter((column) => options.wide || column.priority === 0);
  const headerCells = shownColumns.map((column) => column.name.toUpperCase());
  const rowCells = table.rows.map((row) => shownColumns.map((column) => cellText(row.cells[column.index])));
  if (options.showNamespace) {
    headerCells.unshift('NAMESPACE');
    table.rows.forEach((row, index) => {
      rowCells[index]?.unshift(cellText(row.object?.metadata?.namespace));
    });
  }
  const widths = headerCells.map((header, column) =>
    Math.max(displayWidth(header), ...rowCells.map((cells) => displayWidth(cells[column] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd((widths[column] ?? 0) + cell.length - displayWidth(cell)))
      .join(COLUMN_GAP)
      .trimEnd();
  return { header: line(headerCells), rows: rowCells.map(line) };
}

/** Like kubectl: a multi-line string shows its first line and `...`; control characters are escaped. */
function cellText(cell: unknown): string {
  if (cell === null || cell === undefined || cell === '') return EMPTY_CELL;
  if (typeof cell === 'string') {
    const lineEnd = cell.search(/[\n\r\f]/);
    return escapeControlCharacters(lineEnd < 0 ? cell : `${cell.slice(0, lineEnd)}...`);
  }
  if (typeof cell === 'object') return escapeControlCharacters(JSON.stringify(cell));
  return String(cell);
}

function escapeControlCharacters(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped here
  return text.replace(/[\u0000-\u001f\u007f]/g, (character) => JSON.stringify(character).slice(1, -1));
}

/** Characters, not UTF-16 units, so names with emoji or CJK characters still line up by code point. */
function displayWidth(text: string): number {
  return [...text].length;
}
