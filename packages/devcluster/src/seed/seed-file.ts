// Where a cluster's first objects come from: a built-in seed by name, or a YAML/JSON file.
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../types.js';
import { defaultSeed, systemNamespaces } from './default-seed.js';

export class SeedFileError extends Error {
  override readonly name = 'SeedFileError';
}

/** Where in the file an object came from, for messages: documents and list items count from 1. */
function position(path: string, documentNumber: number, itemNumber?: number): string {
  return `${path}: document ${documentNumber}${itemNumber === undefined ? '' : `, item ${itemNumber}`}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function missingField(value: unknown): string | undefined {
  if (!isRecord(value)) return 'is not an object';
  if (typeof value.apiVersion !== 'string' || !value.apiVersion) return 'has no apiVersion';
  if (typeof value.kind !== 'string' || !value.kind) return 'has no kind';
  if (!isRecord(value.metadata) || typeof value.metadata.name !== 'string' || !value.metadata.name) {
    return 'has no metadata.name';
  }
  return undefined;
}

function checkedObject(value: unknown, where: string): KubeObject {
  const problem = missingField(value);
  if (problem) throw new SeedFileError(`${where}: the object ${problem}`);
  return value as KubeObject;
}

/** A `kind: List` (or any `...List` with items) stands for its items, as `kubectl apply -f` reads it. */
function objectsOfDocument(content: unknown, path: string, documentNumber: number): KubeObject[] {
  if (isRecord(content) && Array.isArray(content.items) && String(content.kind ?? '').endsWith('List')) {
    return content.items.map((item, index) => checkedObject(item, position(path, documentNumber, index + 1)));
  }
  return [checkedObject(content, position(path, documentNumber))];
}

async function readSeedFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new SeedFileError(`${path}: cannot read the seed file: ${(error as Error).message}`);
  }
}

/** Multi-document YAML, or JSON (which YAML parses too); empty documents are skipped. */
export async function readSeedObjects(path: string): Promise<KubeObject[]> {
  const text = await readSeedFile(path);
  return parseAllDocuments(text).flatMap((document, index) => {
    const documentNumber = index + 1;
    const [error] = document.errors;
    if (error) throw new SeedFileError(`${position(path, documentNumber)}: invalid YAML: ${error.message}`);
    const content: unknown = document.toJS();
    return content === null || content === undefined ? [] : objectsOfDocument(content, path, documentNumber);
  });
}

/** `default` is the built-in demo cluster, `empty` only the system namespaces; anything else is a file path. */
export async function loadSeed(nameOrPath: string, now: Date): Promise<KubeObject[]> {
  if (nameOrPath === 'default') return defaultSeed(now);
  if (nameOrPath === 'empty') return systemNamespaces(now);
  return readSeedObjects(nameOrPath);
}
