// Field selectors as apimachinery's fields.ParseSelector reads them (=, ==, != joined by
// commas, with backslash escapes), matched only on the fields each kind supports.
import { SelectorParseError } from './label-selector.js';

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export type FieldSelector = FieldRequirement[];

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '\\' && i + 1 < text.length) {
      current += char + (text[i + 1] ?? '');
      i++;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function unescapeValue(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

function parseRequirement(text: string): FieldRequirement {
  const match = /^(.*?)(!=|==|=)(.*)$/s.exec(text);
  if (!match) throw new SelectorParseError(`invalid selector: '${text}'; can't understand '${text}'`);
  const [, field = '', operator, value = ''] = match;
  return { field: field.trim(), operator: operator === '!=' ? '!=' : '=', value: unescapeValue(value) };
}

export function parseFieldSelector(text: string): FieldSelector {
  if (text.trim() === '') return [];
  return splitUnescaped(text, ',').map(parseRequirement);
}

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

// The field labels each kind's registry strategy exposes in kube-apiserver.
const FIELDS_BY_KIND: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Secret: ['type'],
  Namespace: ['status.phase'],
  Node: ['spec.unschedulable'],
  ReplicaSet: ['status.replicas'],
  Job: ['status.successful'],
};

export function supportedFields(kind: string): string[] {
  return [...COMMON_FIELDS, ...(FIELDS_BY_KIND[kind] ?? [])];
}

function fieldValue(object: Record<string, unknown>, path: string): string {
  if (path === 'source') {
    const source = (object.source as { component?: string } | undefined)?.component;
    return source ?? '';
  }
  let current: unknown = object;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null)
    return path === 'spec.unschedulable' || path === 'spec.hostNetwork' ? 'false' : '';
  return String(current);
}

/** Throws a SelectorParseError naming the first field the kind does not support. */
export function checkFieldSelector(selector: FieldSelector, kind: string, isCustomResource: boolean): void {
  const supported = supportedFields(kind);
  for (const requirement of selector) {
    if (
      !supported.includes(requirement.field) ||
      (isCustomResource && !COMMON_FIELDS.includes(requirement.field))
    ) {
      throw new SelectorParseError(`field label not supported: ${requirement.field}`);
    }
  }
}

export function matchesFields(selector: FieldSelector, object: Record<string, unknown>): boolean {
  return selector.every((requirement) => {
    const actual = fieldValue(object, requirement.field);
    return requirement.operator === '=' ? actual === requirement.value : actual !== requirement.value;
  });
}
