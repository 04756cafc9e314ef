// Generates the simulator's protobuf message descriptors from the vendored .proto schemas:
//   scripts/proto/k8s.io/**/generated.proto   (k8s.io/api and k8s.io/apimachinery, go-to-protobuf)
//   scripts/proto/github.com/googleapis/gnostic/openapiv2/OpenAPIv2.proto
// and the real Kubernetes OpenAPI document, which gives each proto field its JSON name, tells
// which fields Go embeds (their JSON is inlined in the parent) and which kinds map to which message.
//
// Regenerate (after changing the vendored schemas):
//   npm run generate:protobuf -- [path/to/kubernetes-swagger.json]
// The source defaults to the workspace's shared/data/kubernetes-1.36-swagger.json.
// Output, committed as is:
//   src/protobuf/generated/kubernetes-messages.json  message -> fields, and apiVersion/kind -> message
//   src/protobuf/generated/gnostic-messages.json     openapi.v2 messages (JSON names are proto names)

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FieldDescriptor, MessageDescriptor, SpecialType } from '../src/protobuf/descriptors.js';

interface ParsedField {
  name: string;
  number: number;
  type: string;
  repeated: boolean;
  mapKey?: string;
}

interface ParsedMessage {
  fullName: string;
  pkg: string;
  fields: ParsedField[];
}

type Json = Record<string, unknown>;

const SCALARS = new Set(['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float']);

const SPECIAL_TYPES: Record<string, SpecialType> = {
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time': 'time',
  'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime': 'microTime',
  'k8s.io.apimachinery.pkg.apis.meta.v1.Duration': 'duration',
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': 'fieldsV1',
  'k8s.io.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': 'intOrString',
  'k8s.io.apimachinery.pkg.runtime.RawExtension': 'rawExtension',
};

const here = dirname(fileURLToPath(import.meta.url));
const protoRoot = join(here, 'proto');
const outputDir = resolve(here, '../src/protobuf/generated');
const swaggerPath = resolve(
  process.argv[2] ?? join(here, '../../../../shared/data/kubernetes-1.36-swagger.json'),
);

function protoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return protoFiles(path);
    return path.endsWith('.proto') ? [path] : [];
  });
}

const FIELD = /^(?:(optional|repeated)\s+)?([\w.]+)\s+(\w+)\s*=\s*(\d+)/;
const MAP_FIELD = /^map<\s*(\w+)\s*,\s*([\w.]+)\s*>\s+(\w+)\s*=\s*(\d+)/;

/** The messages of one .proto file: its declarations only (comments, options, imports skipped). */
function parseProto(text: string): ParsedMessage[] {
  const lines = text.split('\n').map((line) => line.replace(/\/\/.*$/, '').trim());
  const pkg = lines.find((line) => line.startsWith('package '))?.slice(8, -1) ?? '';
  const messages: ParsedMessage[] = [];
  let current: ParsedMessage | undefined;
  for (const line of lines) {
    const opened = /^message\s+(\w+)\s*\{/.exec(line);
    if (opened) {
      current = { fullName: `${pkg}.${opened[1]}`, pkg, fields: [] };
      messages.push(current);
      if (line.endsWith('}')) current = undefined;
      continue;
    }
    if (!current || line === '' || line.startsWith('oneof ')) continue;
    if (line === '}') {
      // Closes a oneof inside the message, or the message: oneof members are plain fields here.
      continue;
    }
    const map = MAP_FIELD.exec(line);
    if (map) {
      const [, key = '', type = '', name = '', number = ''] = map;
      current.fields.push({ name, number: Number(number), type, repeated: false, mapKey: key });
      continue;
    }
    const field = FIELD.exec(line);
    if (field) {
      const [, label, type = '', name = '', number = ''] = field;
      current.fields.push({ name, number: Number(number), type, repeated: label === 'repeated' });
    }
  }
  return messages;
}

function resolveType(type: string, pkg: string, known: Set<string>): string {
  if (SCALARS.has(type)) return type;
  if (type === 'google.protobuf.Any') return 'google.protobuf.Any';
  if (type.startsWith('.')) return type.slice(1);
  if (known.has(`${pkg}.${type}`)) return `${pkg}.${type}`;
  if (known.has(type)) return type;
  throw new Error(`unknown type ${type} in package ${pkg}`);
}

/** io.k8s.api.core.v1.Pod <-> k8s.io.api.core.v1.Pod */
function definitionName(messageName: string): string {
  return messageName.replace(/^k8s\.io\./, 'io.k8s.');
}

function propertiesOf(definitions: Record<string, Json>, messageName: string): Json | undefined {
  return definitions[definitionName(messageName)]?.properties as Json | undefined;
}

/** The JSON name of a proto field; undefined when Go embeds it (its fields are the parent's). */
function jsonName(field: ParsedField, properties: Json | undefined, type: string): string | undefined {
  if (!properties) return field.name;
  if (field.name in properties) return field.name;
  const folded = Object.keys(properties).find((key) => key.toLowerCase() === field.name.toLowerCase());
  if (folded) return folded;
  if (!SCALARS.has(type) && !field.repeated && !field.mapKey) return undefined;
  return field.name;
}

function descriptorOf(
  message: ParsedMessage,
  known: Set<string>,
  definitions: Record<string, Json>,
): MessageDescriptor {
  const properties = propertiesOf(definitions, message.fullName);
  const fields = message.fields
    .map((field): FieldDescriptor => {
      const type = resolveType(field.type, message.pkg, known);
      const name = jsonName(field, properties, type);
      return {
        number: field.number,
        json: name ?? field.name,
        type,
        ...(field.repeated ? { repeated: true } : {}),
        ...(field.mapKey ? { mapKey: field.mapKey } : {}),
        ...(name === undefined ? { inline: true } : {}),
      };
    })
    .sort((a, b) => a.number - b.number);
  const special = SPECIAL_TYPES[message.fullName];
  // ExtraValue and Verbs wrap a []string that JSON writes as a plain array.
  const onlyItems =
    fields.length === 1 && fields[0]?.json === 'items' && fields[0].repeated && fields[0].type === 'string';
  const stringList = onlyItems && !definitions[definitionName(message.fullName)];
  return { fields, ...(special ? { special } : stringList ? { special: 'stringList' as const } : {}) };
}

function kindIndex(
  definitions: Record<string, Json>,
  messages: Record<string, MessageDescriptor>,
): Record<string, string> {
  const index: Record<string, string> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const message = name.replace(/^io\.k8s\./, 'k8s.io.');
    if (!messages[message]) continue;
    const gvks = (definition['x-kubernetes-group-version-kind'] ?? []) as {
      group: string;
      version: string;
      kind: string;
    }[];
    for (const { group, version, kind } of gvks) {
      const key = `${group ? `${group}/` : ''}${version}/${kind}`;
      // WatchEvent and DeleteOptions are listed under every group; the first (meta/v1) wins.
      index[key] ??= message;
    }
  }
  return Object.fromEntries(Object.entries(index).sort(([a], [b]) => a.localeCompare(b)));
}

function generate(files: string[], definitions: Record<string, Json>): Record<string, MessageDescriptor> {
  const parsed = files.flatMap((file) => parseProto(readFileSync(file, 'utf8')));
  const known = new Set(parsed.map((message) => message.fullName));
  const result: Record<string, MessageDescriptor> = {};
  for (const message of parsed.sort((a, b) => a.fullName.localeCompare(b.fullName))) {
    result[message.fullName] = descriptorOf(message, known, definitions);
  }
  return result;
}

const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8')) as { definitions: Record<string, Json> };
const kubernetes = generate(protoFiles(join(protoRoot, 'k8s.io')), swagger.definitions);
const gnostic = generate(protoFiles(join(protoRoot, 'github.com')), {});
gnostic['google.protobuf.Any'] = {
  fields: [
    { number: 1, json: 'type_url', type: 'string' },
    { number: 2, json: 'value', type: 'bytes' },
  ],
};
writeFileSync(
  join(outputDir, 'kubernetes-messages.json'),
  `${JSON.stringify({ messages: kubernetes, kinds: kindIndex(swagger.definitions, kubernetes) })}\n`,
);
writeFileSync(join(outputDir, 'gnostic-messages.json'), `${JSON.stringify({ messages: gnostic })}\n`);
console.log(
  `${Object.keys(kubernetes).length} Kubernetes messages, ${Object.keys(gnostic).length} gnostic messages`,
);
