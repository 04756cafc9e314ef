// What a client asks of a Table answer: the Accept header names the meta.k8s.io version
// (kubectl sends `application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json`)
// and the includeObject query parameter what each row carries.
import type { IncludeObject, TableVersion } from './to-table.js';

interface MediaRange {
  type: string;
  parameters: Map<string, string>;
  quality: number;
}

const TABLE_VERSIONS: readonly string[] = ['v1', 'v1beta1'] satisfies TableVersion[];
const JSON_RANGES = ['application/json', 'application/*', '*/*'];
// What kube-apiserver can answer with besides a Table; reaching one of these first means "no Table".
const PLAIN_RANGES = [...JSON_RANGES, 'application/yaml', 'application/vnd.kubernetes.protobuf'];

function parseMediaRange(text: string): MediaRange {
  const [type = '', ...parameterTexts] = text.split(';').map((part) => part.trim());
  const parameters = new Map<string, string>();
  for (const parameter of parameterTexts) {
    const separator = parameter.indexOf('=');
    if (separator < 0) continue;
    const value = parameter.slice(separator + 1).trim();
    parameters.set(parameter.slice(0, separator).trim().toLowerCase(), value.replace(/^"(.*)"$/, '$1'));
  }
  const quality = parameters.has('q') ? Number(parameters.get('q')) : 1;
  return { type: type.toLowerCase(), parameters, quality: Number.isNaN(quality) ? 0 : quality };
}

/** Accept's media ranges, most preferred first; ties keep the client's order. */
function mediaRanges(acceptHeader: string): MediaRange[] {
  const specificity = (range: MediaRange) => (range.type === '*/*' ? 0 : range.type.endsWith('/*') ? 1 : 2);
  return acceptHeader
    .split(',')
    .filter((text) => text.trim() !== '')
    .map(parseMediaRange)
    .filter((range) => range.quality > 0)
    .sort((a, b) => b.quality - a.quality || specificity(b) - specificity(a));
}

function requestedTableVersion(range: MediaRange): TableVersion | undefined {
  const version = range.parameters.get('v') ?? '';
  const isTable =
    JSON_RANGES.includes(range.type) &&
    range.parameters.get('as') === 'Table' &&
    range.parameters.get('g') === 'meta.k8s.io' &&
    TABLE_VERSIONS.includes(version);
  return isTable ? (version as TableVersion) : undefined;
}

/**
 * The Table version to answer with, or undefined when the first media range the server can
 * serve is a plain object. Ranges asking for a conversion it cannot make (another `as`, group
 * or version) are passed over, as kube-apiserver does.
 */
export function tableVersionFor(acceptHeader: string): TableVersion | undefined {
  for (const range of mediaRanges(acceptHeader)) {
    if (range.parameters.has('as')) {
      const version = requestedTableVersion(range);
      if (version) return version;
    } else if (PLAIN_RANGES.includes(range.type)) {
      return undefined;
    }
  }
  return undefined;
}

/** Whether the client wants a meta.k8s.io Table (v1 or v1beta1) rather than the objects. */
export function wantsTable(acceptHeader: string): boolean {
  return tableVersionFor(acceptHeader) !== undefined;
}

const INCLUDE_OBJECT_VALUES: readonly string[] = ['None', 'Metadata', 'Object'] satisfies IncludeObject[];

/**
 * The includeObject query parameter; Metadata when absent or empty, as the server defaults it.
 * Undefined for any other value, which kube-apiserver refuses with 400
 * `unrecognized includeObject value: "<value>"`.
 */
export function includeObjectFrom(queryValue: string | null | undefined): IncludeObject | undefined {
  if (!queryValue) return 'Metadata';
  return INCLUDE_OBJECT_VALUES.includes(queryValue) ? (queryValue as IncludeObject) : undefined;
}
