// Custom resources as apiextensions-apiserver prints them: NAME, then the CRD version's
// additionalPrinterColumns (or a single AGE column when it declares none).
import type { KubeObject } from '../types.js';
import {
  CREATION_TIMESTAMP_DESCRIPTION,
  nameColumn,
  type TableCell,
  type TableColumnDefinition,
  type TablePrinter,
} from './columns.js';
import { ageSince } from './human-duration.js';
import { compileJsonPath, JsonPathSyntaxError } from './jsonpath.js';

interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

interface CustomResourceDefinition extends KubeObject {
  spec?: { versions?: { name: string; additionalPrinterColumns?: PrinterColumn[] }[] };
}

const AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'date',
  description: CREATION_TIMESTAMP_DESCRIPTION,
  jsonPath: '.metadata.creationTimestamp',
};

// metav1.Time's text form; Go rejects any other layout with `<invalid>`.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A number as Go's fmt prints a float64 with %v: exponent form from 1e+06 up and below 1e-04. */
function goNumberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(value);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** JSON as Go's encoding/json writes a decoded object: keys sorted, HTML characters escaped. */
function goJson(value: unknown): string {
  const sorted = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sorted);
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sorted(record[key])]),
    );
  };
  return JSON.stringify(sorted(value)).replace(
    /[<>&\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A `string` column's cell: the value as client-go's JSONPath prints it. */
function textCell(value: unknown): string {
  if (value === null || value === undefined) return '<no value>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumberText(value);
  if (typeof value === 'object') return goJson(value);
  return String(value);
}

/** Any other column's cell: the value if it has the column's type, else null (tableconvertor's cellForJSONValue). */
function typedCell(type: string, value: unknown, now: Date): TableCell {
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      if (value !== '' && value !== 'null' && !RFC3339.test(value)) return '<invalid>';
      return ageSince(value, now);
    default:
      return null;
  }
}

function columnCell(
  column: PrinterColumn,
  find: ((data: unknown) => unknown[]) | undefined,
  object: KubeObject,
  now: Date,
): TableCell {
  const results = find?.(object) ?? [];
  if (results.length === 0) return null;
  // Only the first value counts: the server assumes simple paths with one result.
  return column.type === 'string' ? textCell(results[0]) : typedCell(column.type, results[0], now);
}

/** Columns whose path does not parse print empty, where the real server falls back to its default table. */
function compileOrSkip(jsonPath: string): ((data: unknown) => unknown[]) | undefined {
  try {
    return compileJsonPath(jsonPath);
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) return undefined;
    throw error;
  }
}

/** The printer for one served version of a custom resource. */
export function customResourcePrinter(crd: KubeObject, version: string): TablePrinter {
  const declared = (crd as CustomResourceDefinition).spec?.versions?.find(
    (candidate) => candidate.name === version,
  )?.additionalPrinterColumns;
  const printerColumns = declared?.length ? declared : [AGE_COLUMN];
  const finders = printerColumns.map((column) => compileOrSkip(column.jsonPath));
  const columns: TableColumnDefinition[] = printerColumns.map((column) => ({
    name: column.name,
    type: column.type,
    format: column.format ?? '',
    description:
      column.description || `Custom resource definition column (in JSONPath format): ${column.jsonPath}`,
    priority: column.priority ?? 0,
  }));
  return {
    columns: [nameColumn, ...columns],
    cells(object, now) {
      const cells = printerColumns.map((column, index) => columnCell(column, finders[index], object, now));
      return [object.metadata.name ?? '', ...cells];
    },
  };
}
