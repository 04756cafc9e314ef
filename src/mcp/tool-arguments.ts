import type { core } from 'zod';
import * as z from 'zod';

export type ArgumentCheck<T> = { ok: true; value: T } | { ok: false; problem: string };

const SHOWN_VALUE_CHARS = 60;

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'object') return 'an object';
  const shown = JSON.stringify(input) ?? String(input);
  const cut = shown.length > SHOWN_VALUE_CHARS ? `${shown.slice(0, SHOWN_VALUE_CHARS)}...` : shown;
  return `${typeof input} ${cut}`;
}

/** zod's names for what a JSON value is, as a JSON Schema reader calls them. */
function jsonTypeName(expected: string): string {
  return expected === 'record' ? 'object' : expected;
}

/** A common slip of models: an object or array argument sent as a string holding its JSON. */
function stringifiedJsonHint(input: unknown): string {
  if (typeof input !== 'string') return '';
  try {
    const parsed: unknown = JSON.parse(input);
    return typeof parsed === 'object' && parsed !== null
      ? ' (send the JSON value itself, not a string holding it)'
      : '';
  } catch {
    return '';
  }
}

/** `object or array`: what a value may be, each name once. */
function typeNames(expected: string[]): string {
  return [...new Set(expected.map(jsonTypeName))].join(' or ');
}

function wrongType(where: string, expected: string[], input: unknown): string {
  return `${where} must be ${typeNames(expected)}, got ${received(input)}${stringifiedJsonHint(input)}`;
}

/** A value no member of a union took: the members' types, when a wrong type is what each said. */
function unionMismatch(where: string, issue: core.$ZodIssueInvalidUnion): string {
  const firsts = issue.errors.map((memberIssues) => memberIssues[0]);
  const expected = firsts.flatMap((first) =>
    first?.code === 'invalid_type' && first.path.length === 0 ? [first.expected] : [],
  );
  if (expected.length !== firsts.length) return `${where}: ${issue.message}`;
  if (issue.input === undefined) return `${where} is required (${typeNames(expected)})`;
  return wrongType(where, expected, issue.input);
}

/**
 * An object sent where a tool takes text (`manifest`), when the tool also takes the object itself
 * as `object`: the model meant that one.
 */
function objectArgumentHint(issue: core.$ZodIssue, schema: z.ZodObject): string {
  if (issue.code !== 'invalid_type' || issue.path.length !== 1 || issue.expected !== 'string') return '';
  const input = issue.input;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return '';
  return 'object' in schema.shape && issue.path[0] !== 'object'
    ? ' (to send one object as JSON, use "object")'
    : '';
}

function describeIssue(issue: core.$ZodIssue, allowed: string[]): string {
  const where = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the arguments';
  switch (issue.code) {
    case 'unrecognized_keys':
      return (
        `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}` +
        (issue.path.length === 0 ? ` (allowed: ${allowed.join(', ')})` : ` in ${where}`)
      );
    case 'invalid_type':
      return issue.input === undefined
        ? `${where} is required (${issue.expected})`
        : wrongType(where, [issue.expected], issue.input);
    case 'invalid_union':
      return unionMismatch(where, issue);
    default:
      return `${where}: ${issue.message}`;
  }
}

/** Parses a call's arguments with the tool's strict schema; problems are worded for the caller. */
export function checkArguments<Schema extends z.ZodObject>(
  toolName: string,
  schema: Schema,
  args: unknown,
): ArgumentCheck<z.infer<Schema>> {
  const result = schema.safeParse(args ?? {}, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const allowed = Object.keys(schema.shape);
  const problems = result.error.issues.map(
    (issue) => describeIssue(issue, allowed) + objectArgumentHint(issue, schema),
  );
  return { ok: false, problem: `Invalid arguments for ${toolName}: ${problems.join('; ')}` };
}

/**
 * Keywords that allow what JSON Schema allows anyway: the safe-integer bounds zod puts on every
 * integer, and `additionalProperties: {}` (any value) on records. Every tools/list byte is read by
 * a model, so they go.
 */
function dropWhatSaysNothing(node: z.core.JSONSchema.BaseSchema): void {
  if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
  if (node.minimum === Number.MIN_SAFE_INTEGER) delete node.minimum;
  const extra = node.additionalProperties;
  if (typeof extra === 'object' && Object.keys(extra).length === 0) delete node.additionalProperties;
}

/** The JSON Schema clients see in tools/list: what a caller may send. */
export function argumentsJsonSchema(schema: z.ZodObject): { type: 'object'; [key: string]: unknown } {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema: node }) => dropWhatSaysNothing(node),
  });
  return { ...jsonSchema, type: 'object' };
}

/**
 * The JSON Schema of what a tool answers as data. Without what a client checking our own answers
 * never needs (a ban on extra keys, JSON keys being strings): every tools/list byte is read by a
 * model, and the default listing stays under 20 KB.
 */
export function resultJsonSchema(schema: z.ZodObject): { type: 'object'; [key: string]: unknown } {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
    override: ({ jsonSchema: node }) => {
      dropWhatSaysNothing(node);
      if (node.additionalProperties === false) delete node.additionalProperties;
      delete node.propertyNames;
    },
  });
  return { ...jsonSchema, type: 'object' };
}
