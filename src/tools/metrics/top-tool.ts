import * as z from 'zod';
import { type KubeList, type KubeObject, KubernetesError } from '../../k8s/index.js';
import { limitOutput } from '../../output/index.js';
import { context, labelSelector, namespace } from '../common-schemas.js';
import { defineTool } from '../define-tool.js';
import { TargetedFailure, UsageError } from '../error-mapping.js';
import { readAll } from '../list-pages.js';
import { namespacesInScope } from '../namespace-policy.js';
import { resolveTarget, type Target } from '../target.js';
import { textTable } from '../text-table.js';
import type { ToolContext } from '../tool-definition.js';
import { READS_CLUSTER } from '../tool-effect.js';
import { formatCpu, formatMemory, percentOf } from './quantities.js';
import {
  type Amount,
  type Node,
  type NodeMetrics,
  nodeRows,
  type Pod,
  type PodMetrics,
  podRows,
  sortRows,
  type TopRow,
} from './top-rows.js';

// kubernetes_top: what `kubectl top pods|nodes` prints, from metrics.k8s.io (metrics-server), with
// the pods' requests and limits, or the nodes' allocatable, beside the usage.

const METRICS_GROUP = 'metrics.k8s.io';
/** Objects read at most from each list (metrics and pods alike). */
const READ_CAP = 5000;
/** Rows shown at most: the heaviest. */
const SHOWN_ROWS = 200;

export const METRICS_MISSING =
  'The metrics API (metrics.k8s.io) is not available in this cluster; install metrics-server.';

// Terse descriptions: this tool is in the default tools/list, whose every byte a model reads.
const topSchema = z
  .object({
    kind: z.enum(['pods', 'nodes']).default('pods').describe('What to measure.'),
    namespace: namespace,
    allNamespaces: z.boolean().default(false).describe('Pods of all namespaces.'),
    labelSelector: labelSelector.describe('e.g. "app=web".'),
    containers: z.boolean().default(false).describe('A row per container.'),
    sortBy: z.enum(['cpu', 'memory']).default('cpu').describe('Heaviest first by.'),
    context: context,
  })
  .strict();

type TopArgs = z.infer<typeof topSchema>;

/** Rows as top-rows.ts builds them (TopRow), described rather than spelled out, to keep tools/list small. */
const topOutput = z.object({
  rows: z
    .array(z.object({ name: z.string() }).loose())
    .describe('cpu (millicores), memory (bytes): {used,request,limit,allocatable}'),
  more: z.number().optional(),
});

/** Reads every page of a list in each segment (namespace) up to the cap. */
async function readList<Entry extends KubeObject>(
  target: Target,
  namespaces: (string | undefined)[],
  query: Record<string, string | undefined>,
): Promise<Entry[]> {
  const read = await readAll<Entry>(namespaces.length, READ_CAP, async (segment, limit, token) => {
    const inNamespace = namespaces[segment];
    const list = await target.request<KubeList<Entry>>({
      ...(inNamespace !== undefined && { namespace: inNamespace }),
      query: { ...query, limit, continue: token },
    });
    return { entries: list.items, continueToken: list.metadata?.continue };
  });
  return read.entries;
}

/** The metrics API's absence (not in discovery, or 404 on its paths) as the one clear answer. */
async function metricsTarget(context: ToolContext, args: TopArgs): Promise<Target> {
  try {
    return await resolveTarget(
      context,
      { ...args, resourceType: args.kind, apiGroup: METRICS_GROUP },
      'read',
      { allNamespaces: args.allNamespaces },
    );
  } catch (error) {
    const unknown = error instanceof KubernetesError && error.failure === 'unknown-resource';
    throw unknown ? new UsageError(METRICS_MISSING) : error;
  }
}

async function readMetrics<Entry extends KubeObject>(
  target: Target,
  namespaces: (string | undefined)[],
  query: Record<string, string | undefined>,
): Promise<Entry[]> {
  try {
    return await readList<Entry>(target, namespaces, query);
  } catch (error) {
    if (error instanceof TargetedFailure && error.failure.status === 404 && !error.failure.details?.name)
      throw new UsageError(METRICS_MISSING);
    if (error instanceof TargetedFailure && error.failure.status === 503)
      throw new UsageError(
        `The metrics API (metrics.k8s.io) is registered but not answering (${error.failure.message}); ` +
          'check that metrics-server is running.',
      );
    throw error;
  }
}

async function topRows(context: ToolContext, args: TopArgs): Promise<TopRow[]> {
  // The pods or nodes first: a policy refusing them names them, not their metrics.
  const objects = await resolveTarget(context, { ...args, resourceType: args.kind, apiGroup: '' }, 'read', {
    allNamespaces: args.allNamespaces,
  });
  const metrics = await metricsTarget(context, args);
  const query = { labelSelector: args.labelSelector };
  if (args.kind === 'nodes') {
    const usage = await readMetrics<NodeMetrics>(metrics, [undefined], query);
    return nodeRows(usage, await readList<Node>(objects, [undefined], query));
  }
  const namespaces = args.allNamespaces ? (namespacesInScope(context.settings) ?? [undefined]) : [undefined];
  const usage = await readMetrics<PodMetrics>(metrics, namespaces, query);
  return podRows(usage, await readList<Pod>(objects, namespaces, query), args.containers);
}

/** `50m (46%)`: the bound and how much of it is used; `-` when unset. */
function boundCell(used: number, bound: number | undefined, format: (value: number) => string): string {
  if (bound === undefined) return '-';
  return `${format(bound)} (${percentOf(used, bound)}%)`;
}

function percentCell(value: Amount): string {
  const percent = percentOf(value.used, value.allocatable);
  return percent === undefined ? '-' : `${percent}%`;
}

function table(rows: TopRow[], args: TopArgs): { header: string; rows: string[] } {
  if (args.kind === 'nodes') {
    return textTable(
      ['Name', 'CPU(cores)', 'CPU(%)', 'CPU allocatable', 'Memory(bytes)', 'Memory(%)', 'Memory allocatable'],
      rows.map((row) => [
        row.name,
        formatCpu(row.cpu.used),
        percentCell(row.cpu),
        row.cpu.allocatable === undefined ? '-' : formatCpu(row.cpu.allocatable),
        formatMemory(row.memory.used),
        percentCell(row.memory),
        row.memory.allocatable === undefined ? '-' : formatMemory(row.memory.allocatable),
      ]),
    );
  }
  const columns = [
    ...(args.allNamespaces ? ['Namespace'] : []),
    args.containers ? 'Pod' : 'Name',
    ...(args.containers ? ['Container'] : []),
    'CPU(cores)',
    'CPU request',
    'CPU limit',
    'Memory(bytes)',
    'Memory request',
    'Memory limit',
  ];
  return textTable(
    columns,
    rows.map((row) => [
      ...(args.allNamespaces ? [row.namespace] : []),
      row.name,
      ...(args.containers ? [row.container] : []),
      formatCpu(row.cpu.used),
      boundCell(row.cpu.used, row.cpu.request, formatCpu),
      boundCell(row.cpu.used, row.cpu.limit, formatCpu),
      formatMemory(row.memory.used),
      boundCell(row.memory.used, row.memory.request, formatMemory),
      boundCell(row.memory.used, row.memory.limit, formatMemory),
    ]),
  );
}

export const topTool = defineTool({
  name: 'kubernetes_top',
  title: 'Resource usage',
  description:
    'CPU/memory use of pods or nodes (kubectl top), heaviest first, with requests/limits or allocatable.',
  inputSchema: topSchema,
  outputSchema: topOutput,
  effect: READS_CLUSTER,
  async handler(args, context) {
    const rows = sortRows(await topRows(context, args), args.sortBy);
    const shown = rows.slice(0, SHOWN_ROWS);
    const more = rows.length - shown.length;
    if (shown.length === 0) {
      const where = args.kind === 'pods' && !args.allNamespaces ? ' in this namespace' : '';
      return { text: `No ${args.kind} with metrics${where}.`, structured: { rows: [] } };
    }
    const rendered = table(shown, args);
    const footer = more > 0 ? `(${more} lighter ${args.kind} not shown)` : undefined;
    const hint = 'Narrow it with a namespace or labelSelector.';
    const output = limitOutput(
      { header: rendered.header, items: rendered.rows, ...(footer && { footer }) },
      context.settings.maxOutputBytes,
      hint,
    );
    // The data holds the rows the text shows, no more.
    const left = rows.length - output.shown;
    return {
      text: output.text,
      structured: { rows: shown.slice(0, output.shown), ...(left > 0 && { more: left }) },
    };
  },
});
