// SMD's check of a scalar against its schema kind, with the texts kube-apiserver answers when an
// applied value has the wrong type (`replicas: three`). The messages print the value the way Go's
// fmt prints SMD's unstructured value wrapper, whose single field is the decoded JSON.
import { goQuote } from '../api/go-quote.js';
import { goValue } from '../patch/go-format.js';
import type { ScalarKind } from './schema.js';

/** fmt's %T of a decoded JSON value (never called with null, which every scalar kind accepts). */
function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return '[]interface {}';
  if (typeof value === 'object') return 'map[string]interface {}';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return typeof value === 'boolean' ? 'bool' : 'string';
}

/** fmt's %#v of a decoded JSON value. */
function goSyntax(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    const text = entries.map(([key, item]) => `${goQuote(key)}:${goSyntax(item)}`).join(', ');
    return `map[string]interface {}{${text}}`;
  }
  return typeof value === 'string' ? goQuote(value) : String(value);
}

/** Why a value does not fit a scalar kind, or undefined when it does. */
export function scalarProblem(kind: ScalarKind, value: unknown): string | undefined {
  if (value === null || value === undefined || kind === 'untyped') return undefined;
  if (kind === 'numeric' && typeof value !== 'number')
    return `expected numeric (int or float), got ${goTypeName(value)}`;
  if (kind === 'string' && typeof value !== 'string')
    return `expected string, got &value.valueUnstructured{Value:${goSyntax(value)}}`;
  if (kind === 'boolean' && typeof value !== 'boolean') return `expected boolean, got &{${goValue(value)}}`;
  return undefined;
}
