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
 * The cells in aligned columns (each cell's width measured once: a list answer has thousands). Each
 * line is concatenated cell by cell, every cell but the last followed by one string of its padding
 * and the gap: two appends per cell, which V8 links without copying and flattens once when the text
 * is joined: a 500-row page, joined and serialized, in 16% less time than with each line joined from
 * an array of its parts (bench/README.md, "Seventh round").
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
  for (let row = 0; row < rowCells.length; row++) measure(rowCells[row] as string[], row + 1);
  const paddedGap = paddedGapsUpTo(Math.max(0, ...widths));
  const line = (cells: string[], line: number) => {
    let text = '';
    for (let column = 0; column < columns - 1; column++) {
      text += cells[column] ?? '';
      text += paddedGap[(widths[column] as number) - (cellWidths[line * columns + column] as number)];
    }
    // The last cell needs no padding (and a blank one would leave the gap: the line's end is trimmed).
    text += cells[columns - 1] ?? '';
    return TRAILING_SPACE.test(text) ? text.trimEnd() : text;
  };
  const rows: string[] = new Array(rowCells.length);
  for (let row = 0; row < rowCells.length; row++) rows[row] = line(rowCells[row] as string[], row + 1);
  return { header: line(headerCells, 0), rows };
}

const TRAILING_SPACE = /\s$/;

/** `paddedGap[n]` is n spaces and the column gap, made once per table rather than once per cell. */
function paddedGapsUpTo(width: number): string[] {
  const paddedGap = [COLUMN_GAP];
  for (let n = 1; n <= width; n++) paddedGap.push(` ${paddedGap[n - 1]}`);
  return paddedGap;
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
