import type { KubeTable } from '../k8s/index.js';
import { maskSecrets } from './secret-masking.js';

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

/** A table's text before alignment: what a caller may also answer as data. */
export interface TableCells {
  headerCells: string[];
  rowCells: string[][];
}

/**
 * A server-side Table as `kubectl get` prints it: upper-case headers, columns aligned with 3 spaces.
 * Only the cells and each row's namespace are printed, and of those only an object cell can hold a
 * Secret's values: the renderer masks those itself, so the rows' objects need no masking pass.
 */
export function renderTable(table: KubeTable, options: TableTextOptions): TableText {
  return alignCells(tableCells(table, options));
}

/**
 * The cells in aligned columns (each cell's width measured once: a list answer has thousands). A line
 * is joined from its parts in one step: concatenating padded cells one by one left a chain of partial
 * strings per cell, most of what a 500-row page allocated (bench/README.md, "Where the time goes").
 */
export function alignCells({ headerCells, rowCells }: TableCells): TableText {
  const columns = headerCells.length;
  // Every cell's width in one array, row after row: one allocation, not one per row.
  const cellWidths = new Int32Array(columns * (rowCells.length + 1));
  const widths = new Int32Array(columns);
  const measure = (cells: string[], line: number) => {
    for (let column = 0; column < columns; column++) {
      const width = displayWidth(cells[column] ?? '');
      cellWidths[line * columns + column] = width;
      if (width > (widths[column] as number)) widths[column] = width;
    }
  };
  measure(headerCells, 0);
  rowCells.forEach((cells, row) => {
    measure(cells, row + 1);
  });
  const padding = paddingUpTo(Math.max(0, ...widths));
  const line = (cells: string[], line: number) => {
    // cell, gap and padding for each column; the last cell needs no padding (the line's end is trimmed).
    const parts: string[] = new Array(columns * 3 - 2);
    for (let column = 0; column < columns; column++) {
      const at = column * 3;
      parts[at] = cells[column] ?? '';
      if (column === columns - 1) break;
      parts[at + 1] =
        padding[(widths[column] as number) - (cellWidths[line * columns + column] as number)] ?? '';
      parts[at + 2] = COLUMN_GAP;
    }
    const text = parts.join('');
    return TRAILING_SPACE.test(text) ? text.trimEnd() : text;
  };
  return {
    header: line(headerCells, 0),
    rows: rowCells.map((cells, row) => line(cells, row + 1)),
  };
}

const TRAILING_SPACE = /\s$/;

/** `padding[n]` is n spaces, made once per table rather than once per cell. */
function paddingUpTo(width: number): string[] {
  const padding = [''];
  for (let n = 1; n <= width; n++) padding.push(`${padding[n - 1]} `);
  return padding;
}

/**
 * Each row as data, keyed by column header. Built by assignment, not Object.fromEntries: rows that
 * share their keys in one order share one object shape, several times faster to build and to
 * serialize for a page of hundreds of rows. Headers are upper-cased, so never `__proto__`.
 */
export function rowRecords({ headerCells, rowCells }: TableCells): Record<string, string>[] {
  return rowCells.map((cells) => {
    const record: Record<string, string> = {};
    headerCells.forEach((header, at) => {
      record[header] = cells[at] ?? '';
    });
    return record;
  });
}

/** The cells renderTable prints, before alignment: for answers given as data as well as text. */
export function tableCells(table: KubeTable, options: TableTextOptions): TableCells {
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
  return { headerCells, rowCells };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for here
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped here
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
const LINE_BREAK = /[\n\r\f]/;
const SURROGATE = /[\ud800-\udfff]/;

/** Like kubectl: a multi-line string shows its first line and `...`; control characters are escaped. */
function cellText(cell: unknown): string {
  if (cell === null || cell === undefined || cell === '') return EMPTY_CELL;
  if (typeof cell === 'string') {
    // Most cells are plain names, counts and ages: checked once, returned as they are.
    if (!CONTROL_CHARACTER.test(cell)) return cell;
    const lineEnd = cell.search(LINE_BREAK);
    return escapeControlCharacters(lineEnd < 0 ? cell : `${cell.slice(0, lineEnd)}...`);
  }
  if (typeof cell === 'object') return escapeControlCharacters(JSON.stringify(maskSecrets(cell)));
  return String(cell);
}

function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (character) => JSON.stringify(character).slice(1, -1));
}

/** Characters, not UTF-16 units, so names with emoji or CJK characters still line up by code point. */
function displayWidth(text: string): number {
  return SURROGATE.test(text) ? [...text].length : text.length;
}
