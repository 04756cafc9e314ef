import * as z from 'zod';
import type { KubeList, KubeObject, KubeTable } from '../../k8s/index.js';
import {
  alignCells,
  type LimitedOutput,
  limitOutput,
  maskSecrets,
  type OutputParts,
  rowRecords,
  summarizeObjects,
  tableCells,
  toJson,
  toYaml,
  viewObject,
} from '../../output/index.js';
import {
  apiGroup,
  context as contextField,
  fieldSelector,
  itemLimit,
  labelSelector,
  listOutput,
  namespace,
  resourceType,
} from '../common-schemas.js';
import { defineTool } from '../define-tool.js';
import { type Chunk, type Page, readAll, readPage } from '../list-pages.js';
import { namespacesInScope } from '../namespace-policy.js';
import { withKind } from '../resource-names.js';
import { resolveTarget, type Target } from '../target.js';
import type { ToolContext, ToolResult } from '../tool-definition.js';
import { READS_CLUSTER } from '../tool-effect.js';

// kubernetes_list: pages of a kubectl-like table (or of objects), never more than the output
// limit, never skipping or repeating an item from one page to the next.

/** What kubectl get sends: a server-side Table, or a plain list from servers that cannot print one. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
/** Items read for a summary at most: enough for any namespace, bounded for huge clusters. */
const SUMMARY_CAP = 20_000;

const listSchema = z
  .object({
    resourceType,
    apiGroup,
    namespace,
    allNamespaces: z
      .boolean()
      .default(false)
      .describe('Every namespace (the allowed ones when the server is confined).'),
    labelSelector,
    fieldSelector,
    limit: itemLimit('Items per page.'),
    continue: z
      .string()
      .optional()
      .describe('Token from the previous answer, to read the next page (same arguments).'),
    output: listOutput,
    summary: z
      .boolean()
      .default(false)
      .describe(
        'Instead of items, counts by namespace and status (Running, CrashLoopBackOff...) of all matches.',
      ),
    context: contextField,
  })
  .strict();

type ListArgs = z.infer<typeof listSchema>;

/** One list request: a namespace of its own, or an extra field selector (namespaces by name). */
interface ListSegment {
  namespace?: string;
  fieldSelector?: string;
}

export function joinSelectors(...selectors: (string | undefined)[]): string | undefined {
  const parts = selectors.filter((selector): selector is string => Boolean(selector));
  return parts.length > 0 ? parts.join(',') : undefined;
}

/** One request per allowed namespace when confined; a single request otherwise. */
function listSegments(context: ToolContext, target: Target, args: ListArgs): ListSegment[] {
  const allowed = namespacesInScope(context.settings);
  const { resource } = target;
  if (allowed && resource.namespaced && args.allNamespaces)
    return allowed.map((name) => ({ namespace: name }));
  if (allowed && resource.group === '' && resource.plural === 'namespaces') {
    return allowed.map((name) => ({ fieldSelector: `metadata.name=${name}` }));
  }
  return [{}];
}

class ListCall {
  readonly segments: ListSegment[];

  constructor(
    readonly context: ToolContext,
    readonly target: Target,
    readonly args: ListArgs,
  ) {
    this.segments = listSegments(context, target, args);
  }

  /** Reads one chunk of a segment; `extra` adds the Table request's accept and query. */
  async fetch<Answer extends { metadata?: KubeList['metadata'] }>(
    index: number,
    limit: number,
    token: string | undefined,
    extra: { accept?: string; query?: Record<string, string> } = {},
  ): Promise<Answer> {
    const segment = this.segments[index] ?? {};
    return this.target.request<Answer>({
      ...(segment.namespace !== undefined && { namespace: segment.namespace }),
      ...(extra.accept && { accept: extra.accept }),
      query: {
        labelSelector: this.args.labelSelector,
        fieldSelector: joinSelectors(this.args.fieldSelector, segment.fieldSelector),
        limit,
        continue: token,
        ...extra.query,
      },
    });
  }

  readObjects = async (index: number, limit: number, token?: string): Promise<Chunk<KubeObject>> => {
    const list = await this.fetch<KubeList>(index, limit, token);
    return {
      entries: list.items.map((item) => withKind(item, this.target.resource)),
      continueToken: list.metadata?.continue,
      remainingItemCount: list.metadata?.remainingItemCount,
    };
  };

  where(): string {
    if (!this.target.resource.namespaced) return '';
    if (!this.args.allNamespaces) return ` in namespace "${this.target.namespace}"`;
    return this.segments.length > 1 ? ' in the allowed namespaces' : ' in all namespaces';
  }

  async pagingFooter(page: Page<unknown>): Promise<string | undefined> {
    const what = this.target.resource.plural;
    if (page.entries.length === 0 && !page.continueToken) {
      if (!this.args.allNamespaces && (await this.target.namespaceMissing())) {
        return (
          `No ${what} found: namespace "${this.target.namespace}" does not exist. Call kubernetes_list ` +
          '(resourceType: "namespaces") to see the namespaces there are.'
        );
      }
      const selected = this.args.labelSelector || this.args.fieldSelector ? ' matching the selectors' : '';
      return `No ${what} found${this.where()}${selected}.`;
    }
    if (!page.continueToken) return undefined;
    const remaining = page.remainingItemCount ? ` (about ${page.remainingItemCount} more)` : '';
    return (
      `${page.entries.length} ${what} shown; more exist${remaining}. Next page: repeat this call with ` +
      `continue: "${page.continueToken}".`
    );
  }

  /**
   * Cuts a page to the size limit. A cut page must not hand out its continue token (the next page
   * would skip what was cut), so it advises a smaller limit instead, sized to what did fit.
   */
  limit(parts: OutputParts): LimitedOutput {
    const maxBytes = this.context.settings.maxOutputBytes;
    const whole = limitOutput(parts, maxBytes, '');
    if (!whole.truncated) return whole;
    const advise = (shown: number) =>
      `To see every item, repeat this call with limit: ${Math.max(1, shown)}` +
      `${this.args.continue ? ' (same continue token)' : ''} and page on from there, or narrow it with ` +
      'labelSelector/fieldSelector, or use output: "table" or summary: true.';
    const { footer: _pagingFooter, ...items } = parts;
    const closing = this.args.output === 'json' ? { footer: ']' } : {};
    const firstCut = limitOutput({ ...items, ...closing }, maxBytes, advise(whole.shown));
    return limitOutput({ ...items, ...closing }, maxBytes, advise(firstCut.shown));
  }

  /** The page as data: the items the text shows and, unless it was cut, the token to read on. */
  answer(text: string, page: Page<unknown>, items: Record<string, unknown>[], limited?: LimitedOutput) {
    const truncated = limited?.truncated === true;
    const shown = truncated ? items.slice(0, limited?.shown) : items;
    return {
      text,
      structured: {
        items: shown,
        ...(!truncated && page.continueToken && { continue: page.continueToken }),
        ...(!truncated &&
          page.remainingItemCount !== undefined && { remainingItemCount: page.remainingItemCount }),
        truncated,
      },
    };
  }
}

const listOutputSchema = z.object({
  // Table rows keyed by column header, or the objects (masked, slimmed as asked).
  items: z.array(z.record(z.string(), z.unknown())),
  continue: z.string().optional(),
  remainingItemCount: z.number().optional(),
  truncated: z.boolean(),
  summary: z.string().optional(),
});

async function listAsTable(call: ListCall): Promise<ToolResult> {
  const showNamespace = call.args.allNamespaces && call.target.resource.namespaced;
  // A row's object is read for its namespace only. Without that column none is asked for: each
  // object's metadata (managedFields, annotations) would be most of the bytes to send and parse.
  const includeObject = showNamespace ? 'Metadata' : 'None';
  let columnDefinitions: KubeTable['columnDefinitions'] = [];
  const page = await readPage(
    call.segments.length,
    call.args.limit,
    call.args.continue,
    async (index, limit, token) => {
      const table = await call.fetch<KubeTable>(index, limit, token, {
        accept: TABLE_ACCEPT,
        query: { includeObject },
      });
      if (columnDefinitions.length === 0) columnDefinitions = table.columnDefinitions;
      return {
        entries: table.rows,
        continueToken: table.metadata?.continue,
        remainingItemCount: table.metadata?.remainingItemCount,
      };
    },
  );
  const footer = await call.pagingFooter(page);
  if (page.entries.length === 0) return call.answer(footer ?? '', page, []);
  // The renderer masks what it prints; the rows' objects are never printed.
  const table: KubeTable = { kind: 'Table', columnDefinitions, rows: page.entries };
  // One pass over the cells for both the text and the rows given as data.
  const { headerCells, rowCells } = tableCells(table, { showNamespace });
  const text = alignCells({ headerCells, rowCells });
  const limited = call.limit({ header: text.header, items: text.rows, ...(footer && { footer }) });
  return call.answer(limited.text, page, rowRecords({ headerCells, rowCells }), limited);
}

function serializedItems(items: KubeObject[], output: 'slim' | 'json' | 'yaml'): OutputParts {
  switch (output) {
    case 'slim':
    case 'yaml':
      return { items: items.map((item) => toYaml(item).trimEnd()), separator: '\n---\n' };
    case 'json':
      return { header: '[', items: items.map((item) => toJson(item)), separator: ',\n', footer: ']' };
  }
}

async function listAsObjects(call: ListCall, output: 'slim' | 'json' | 'yaml'): Promise<ToolResult> {
  const page = await readPage(call.segments.length, call.args.limit, call.args.continue, call.readObjects);
  const pagingFooter = await call.pagingFooter(page);
  if (page.entries.length === 0) return call.answer(pagingFooter ?? '', page, []);
  const shown = output === 'slim' ? page.entries.map((item) => viewObject(item, 'slim')) : page.entries;
  const parts = serializedItems(shown, output);
  const footer = [parts.footer, pagingFooter].filter(Boolean).join('\n');
  const limited = call.limit({ ...parts, ...(footer && { footer }) });
  return call.answer(limited.text, page, maskSecrets(shown), limited);
}

async function listSummary(call: ListCall): Promise<ToolResult> {
  const read = await readAll(call.segments.length, SUMMARY_CAP, call.readObjects, (readSoFar) =>
    call.context.reportProgress(readSoFar, undefined, `${readSoFar} ${call.target.resource.plural} read`),
  );
  const capped = read.capped ? `\n(counted the first ${SUMMARY_CAP} items only; narrow with selectors)` : '';
  const summary = summarizeObjects(read.entries) + capped;
  const text = `${call.target.resource.plural}${call.where()}:\n${summary}`;
  return { text, structured: { items: [], truncated: false, summary } };
}

export const listTool = defineTool({
  name: 'kubernetes_list',
  title: 'List Kubernetes objects',
  description:
    'List objects of one type, like `kubectl get <type>`: a table by default, one page at a time with a ' +
    'continue token; summary: true counts them by status. Secret values are masked.',
  inputSchema: listSchema,
  outputSchema: listOutputSchema,
  effect: READS_CLUSTER,
  async handler(args, context) {
    const target = await resolveTarget(context, args, 'read', { allNamespaces: args.allNamespaces });
    const call = new ListCall(context, target, args);
    if (args.summary) return listSummary(call);
    if (args.output === 'table') return listAsTable(call);
    return listAsObjects(call, args.output);
  },
});
