import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One import of one source file: static, dynamic, type-only or re-export alike. */
export interface SourceImport {
  /** The importing file, relative to the repository root (`src/mcp/session-server.ts`). */
  from: string;
  /** As written (`../tools/index.js`, `@mcp-kubernetes/devcluster`). */
  specifier: string;
  /** The file it resolves to, relative to the root; undefined for a package. */
  to: string | undefined;
}

export const REPOSITORY_ROOT = resolve(import.meta.dirname, '../..');

export function sourceFiles(dir: string): string[] {
  const absolute = join(REPOSITORY_ROOT, dir);
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(dir, name))
    .sort();
}

/** `./x.js` names `x.ts` (ESM with TypeScript sources); a folder import names its index. */
function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = join(dirname(join(REPOSITORY_ROOT, fromFile)), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, join(base, 'index.ts')];
  // A JSON file (generated data) is a leaf of the graph: it imports nothing.
  const found = candidates.find((candidate) => /\.(ts|json)$/.test(candidate) && existsSync(candidate));
  return found === undefined ? undefined : relative(REPOSITORY_ROOT, found);
}

/** Every import the TypeScript scanner finds in a file (import/export from, import(), type imports). */
export function importsOf(file: string): SourceImport[] {
  const text = readFileSync(join(REPOSITORY_ROOT, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map(({ fileName: specifier }) => ({
    from: file,
    specifier,
    to: specifier.startsWith('.') ? resolveRelative(file, specifier) : undefined,
  }));
}

/** The strongly connected components with more than one file, or a file importing itself: the cycles. */
export function importCycles(imports: SourceImport[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const { from, to } of imports) {
    if (to !== undefined) edges.set(from, [...(edges.get(from) ?? []), to]);
  }
  // Tarjan's algorithm, iterative so that deep chains do not overflow the stack.
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    lowLink.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number };
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++] as string;
        if (!index.has(target)) {
          index.set(target, counter);
          lowLink.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        lowLink.set(parent.node, Math.min(lowLink.get(parent.node) ?? 0, lowLink.get(frame.node) ?? 0));
      if (lowLink.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      const selfImport = targets.includes(frame.node);
      if (component.length > 1 || selfImport) cycles.push(component.sort());
    }
  }
  return cycles;
}
