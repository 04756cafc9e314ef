import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importsOf, REPOSITORY_ROOT, type SourceImport, sourceFiles } from './import-graph.js';

// The house rules of docs/architecture.md, checked on every import of the source (type imports too).

/** src/'s folders from the bottom up: a folder may import only folders below it. */
const LAYERS = [
  'version',
  'net',
  'config',
  'storage',
  'observability',
  'http',
  'security',
  'k8s',
  'output',
  'oauth',
  'settings',
  'auth',
  'tools',
  'mcp',
  'server',
  'cli',
  'entry',
] as const;

/**
 * The faces of src/'s folders: index.ts, and http.ts where a folder has parts only the HTTP transports
 * load (serve over stdio must not load Express, cors, helmet, the authorization server...).
 */
const FACES = ['index.ts', 'http.ts'];

const PACKAGES = ['devcluster', 'devidp', 'demo'] as const;
/** The only product files that may load the development tools: the commands that run them. */
const COMMANDS_OF_THE_TOOLS = ['src/cli/dev-command.ts', 'src/cli/devcluster-command.ts'];
const MAX_LINES = 400;

const productFiles = sourceFiles('src');
const packageFiles = PACKAGES.flatMap((name) => sourceFiles(`packages/${name}/src`));
const productImports = productFiles.flatMap(importsOf);
const packageImports = packageFiles.flatMap(importsOf);

/** `src/oauth/tokens.ts` -> oauth; a file directly in src/ is the entry, except version.ts. */
function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts.length > 2) return parts[1] as string;
  return file === 'src/version.ts' ? 'version' : 'entry';
}

function describeImport({ from, specifier }: SourceImport): string {
  return `${from} imports '${specifier}'`;
}

describe('the import graph', () => {
  it('knows the layer of every folder of src/', () => {
    const unknown = [...new Set(productFiles.map(layerOf))].filter(
      (layer) => !(LAYERS as readonly string[]).includes(layer),
    );
    expect(unknown, 'add new folders of src/ to LAYERS and to docs/architecture.md').toEqual([]);
  });

  it('has no import cycle, in the product or in a package', () => {
    expect(importCycles([...productImports, ...packageImports])).toEqual([]);
  });

  it('has no import that runs back up the layers', () => {
    const rank = (file: string) => LAYERS.indexOf(layerOf(file) as (typeof LAYERS)[number]);
    const upward = productImports
      .filter(({ from, to }) => to?.startsWith('src/') && rank(to) > rank(from))
      .map(describeImport);
    expect(upward).toEqual([]);
  });

  it('enters another folder of src/ only through its face (its index.ts, or its http.ts)', () => {
    const folderOf = (file: string) => (file.split('/').length > 2 ? file.split('/')[1] : undefined);
    const facesOf = (folder: string) =>
      FACES.map((face) => `src/${folder}/${face}`).filter((face) => productFiles.includes(face));
    const skipping = productImports
      .filter(({ from, to }) => to?.startsWith('src/') && folderOf(to) !== folderOf(from))
      .filter(({ to }) => {
        const folder = folderOf(to as string);
        return folder !== undefined && !facesOf(folder).includes(to as string);
      })
      .map((entry) => {
        const folder = folderOf(entry.to as string) as string;
        return `${describeImport(entry)}: from outside src/${folder}/, import ${facesOf(folder).join(' or ')}`;
      });
    expect(skipping).toEqual([]);
  });

  it('lets only the dev and devcluster commands load the simulator, the identity provider and the demo', () => {
    const reaching = productImports
      .filter(({ specifier }) => specifier.startsWith('@mcp-kubernetes/'))
      .filter(({ from }) => !COMMANDS_OF_THE_TOOLS.includes(from))
      .map(describeImport);
    expect(reaching).toEqual([]);
  });

  it('keeps each package to itself: no package reaches into the product or into another package', () => {
    const packageOf = (file: string) => file.split('/')[1];
    const escaping = packageImports
      .filter(
        ({ from, to }) =>
          to !== undefined && (!to.startsWith('packages/') || packageOf(to) !== packageOf(from)),
      )
      .map(describeImport);
    expect(escaping).toEqual([]);
  });

  it('reaches another package only through its public face (its package name)', () => {
    const deep = packageImports
      .filter(({ specifier }) => /^@mcp-kubernetes\/[^/]+\/(?!testing$)/.test(specifier))
      .map(describeImport);
    expect(deep).toEqual([]);
  });
});

describe('source files', () => {
  it(`stay under ${MAX_LINES} lines`, () => {
    const long = [...productFiles, ...packageFiles]
      .map((file) => ({
        file,
        lines: readFileSync(join(REPOSITORY_ROOT, file), 'utf8').trimEnd().split('\n').length,
      }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
