import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Summaries of a V8 CPU profile (`node --cpu-prof`): self time per function and per package or
// source folder (bundled code is mapped back through its source map), and folded stacks.

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The source file of each generated (line, column), from a source map's VLQ mappings. */
class SourceMap {
  private readonly lines: { column: number; source: number }[][] = [];

  constructor(
    private readonly sources: string[],
    mappings: string,
  ) {
    let source = 0;
    for (const line of mappings.split(';')) {
      let column = 0;
      const segments: { column: number; source: number }[] = [];
      for (const segment of line.split(',')) {
        if (!segment) continue;
        const fields = decodeVlq(segment);
        column += fields[0] ?? 0;
        if (fields.length > 1) source += fields[1] ?? 0;
        segments.push({ column, source });
      }
      this.lines.push(segments);
    }
  }

  sourceAt(line: number, column: number): string | undefined {
    const segments = this.lines[line] ?? [];
    let found: number | undefined;
    for (const segment of segments) {
      if (segment.column > column) break;
      found = segment.source;
    }
    return found === undefined ? undefined : this.sources[found];
  }
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/** `express`, `@modelcontextprotocol/sdk`, `src/mcp`, or `node:internal` for Node.js itself. */
function moduleOf(source: string): string {
  const packagePath = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (packagePath?.[1]) return packagePath[1];
  const ours = source.match(/(?:^|\/)(src\/[^/]+|packages\/[^/]+)/);
  return ours?.[1] ?? source;
}

class ModuleResolver {
  private readonly maps = new Map<string, SourceMap | undefined>();

  resolve(frame: CallFrame): string {
    if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
    if (frame.url.startsWith('node:')) return 'node:internal';
    const map = this.mapOf(frame.url);
    const source = map?.sourceAt(frame.lineNumber, frame.columnNumber);
    return moduleOf(source ?? frame.url);
  }

  private mapOf(url: string): SourceMap | undefined {
    if (this.maps.has(url)) return this.maps.get(url);
    let map: SourceMap | undefined;
    const path = url.startsWith('file:') ? fileURLToPath(url) : url;
    if (existsSync(`${path}.map`)) {
      const raw = JSON.parse(readFileSync(`${path}.map`, 'utf8')) as { sources: string[]; mappings: string };
      map = new SourceMap(raw.sources, raw.mappings);
    }
    this.maps.set(url, map);
    return map;
  }
}

export interface ProfileSummary {
  totalMs: number;
  byFunction: { name: string; module: string; ms: number }[];
  byModule: { module: string; ms: number }[];
  /** Time with a module anywhere on the stack (what it and everything it calls cost). */
  inclusiveByModule: { module: string; ms: number }[];
  /** `module;module;...` stacks (consecutive frames of one module merged) with their ms. */
  folded: { stack: string; ms: number }[];
}

function inclusive(folded: Map<string, number>): { module: string; ms: number }[] {
  const totals = new Map<string, number>();
  for (const [stack, ms] of folded) {
    for (const module of new Set(stack.split(';'))) totals.set(module, (totals.get(module) ?? 0) + ms);
  }
  return [...totals].map(([module, ms]) => ({ module, ms }));
}

export function summarizeProfile(file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const resolver = new ModuleResolver();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const functions = new Map<string, { name: string; module: string; ms: number }>();
  const modules = new Map<string, number>();
  const folded = new Map<string, number>();
  let totalMs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    // Waiting is not cost: percentages are of the time the process was busy.
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const ms = us / 1000;
    totalMs += ms;
    const module = resolver.resolve(node.callFrame);
    const name = node.callFrame.functionName || '(anonymous)';
    const key = `${module} ${name}`;
    const entry = functions.get(key) ?? { name, module, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
    modules.set(module, (modules.get(module) ?? 0) + ms);
    const stack: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || frame.functionName === '(root)') continue;
      const frameModule = resolver.resolve(frame);
      if (stack[0] !== frameModule) stack.unshift(frameModule);
    }
    const stackKey = stack.join(';');
    folded.set(stackKey, (folded.get(stackKey) ?? 0) + ms);
  }
  const descending = <T extends { ms: number }>(entries: Iterable<T>) =>
    [...entries].sort((a, b) => b.ms - a.ms);
  return {
    totalMs,
    byFunction: descending(functions.values()),
    byModule: descending([...modules].map(([module, ms]) => ({ module, ms }))),
    folded: descending([...folded].map(([stack, ms]) => ({ stack, ms }))),
    inclusiveByModule: descending(inclusive(folded)),
  };
}

interface FlameNode {
  ms: number;
  children: Map<string, FlameNode>;
}

/**
 * A flame graph as text: the folded stacks merged top-down (root first), each line a frame with
 * the share of the busy time spent in it and below it; branches under `minShare` are left out.
 */
export function flameGraphText(summary: ProfileSummary, minShare = 0.01, maxDepth = 12): string[] {
  const root: FlameNode = { ms: 0, children: new Map() };
  for (const { stack, ms } of summary.folded) {
    let node = root;
    node.ms += ms;
    for (const frame of stack.split(';')) {
      let child = node.children.get(frame);
      if (!child) {
        child = { ms: 0, children: new Map() };
        node.children.set(frame, child);
      }
      child.ms += ms;
      node = child;
    }
  }
  const lines: string[] = [];
  const walk = (node: FlameNode, depth: number) => {
    const children = [...node.children].sort((a, b) => b[1].ms - a[1].ms);
    for (const [frame, child] of children) {
      const share = child.ms / root.ms;
      if (share < minShare) continue;
      lines.push(`${(100 * share).toFixed(1).padStart(5)}%  ${'  '.repeat(depth)}${frame}`);
      if (depth + 1 < maxDepth) walk(child, depth + 1);
    }
  };
  walk(root, 0);
  return lines;
}
