import type { InspectorSession } from './inspector-session.js';

// Heap snapshots of the inspected process, reduced to object counts by constructor, so that two of
// them taken some thousand calls apart show what accumulates.

interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Objects and bytes (self size) per constructor: `Name` of objects, `name()` of closures, else `(type)`. */
export type HeapCensus = Map<string, { count: number; bytes: number }>;

export async function takeHeapCensus(session: InspectorSession): Promise<HeapCensus> {
  const chunks: string[] = [];
  session.on('HeapProfiler.addHeapSnapshotChunk', (params) => {
    chunks.push((params as { chunk: string }).chunk);
  });
  await session.send('HeapProfiler.enable');
  // takeHeapSnapshot collects garbage first: only what is still reachable is counted.
  await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  return census(JSON.parse(chunks.join('')) as SnapshotJson);
}

function census(snapshot: SnapshotJson): HeapCensus {
  const fields = snapshot.snapshot.meta.node_fields;
  const [typeNames] = snapshot.snapshot.meta.node_types;
  const [typeField, nameField, sizeField] = ['type', 'name', 'self_size'].map((name) => fields.indexOf(name));
  const result: HeapCensus = new Map();
  for (let node = 0; node < snapshot.nodes.length; node += fields.length) {
    const type = typeNames[snapshot.nodes[node + (typeField as number)] as number] ?? 'unknown';
    const name = snapshot.strings[snapshot.nodes[node + (nameField as number)] as number] ?? '';
    const key = type === 'object' ? name : type === 'closure' ? `${name || '(anonymous)'}()` : `(${type})`;
    const entry = result.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[node + (sizeField as number)] as number;
    result.set(key, entry);
  }
  return result;
}

export interface CensusGrowth {
  constructorName: string;
  addedCount: number;
  addedBytes: number;
}

/** The constructors whose live object count grew most from `before` to `after`. */
export function censusGrowth(before: HeapCensus, after: HeapCensus, top = 10): CensusGrowth[] {
  return [...after]
    .map(([constructorName, now]) => {
      const then = before.get(constructorName) ?? { count: 0, bytes: 0 };
      return { constructorName, addedCount: now.count - then.count, addedBytes: now.bytes - then.bytes };
    })
    .filter((growth) => growth.addedCount > 0)
    .sort((a, b) => b.addedCount - a.addedCount)
    .slice(0, top);
}
