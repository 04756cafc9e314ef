import * as z from 'zod';
import { context as contextField } from '../common-schemas.js';
import { defineTool } from '../define-tool.js';
import { UsageError } from '../error-mapping.js';
import { namespacesInScope } from '../namespace-policy.js';
import { whereOf } from '../target.js';
import type { ToolContext, ToolResult } from '../tool-definition.js';
import { readsOrWritesByAction } from '../tool-effect.js';
import { dryRunNote } from '../write-request.js';
import type { HelmRelease } from './release-codec.js';
import { rollbackRelease } from './release-rollback.js';
import { ReleaseStore, type StoredRelease } from './release-store.js';
import { uninstallRelease } from './release-uninstall.js';
import { historyView, listView, manifestView, statusView, valuesView } from './release-views.js';

// kubernetes_helm: Helm releases read and changed through Helm's own release storage, with no
// helm binary: list, status, history, values and manifest read it; rollback and uninstall write
// the release's objects and records as Helm does, hooks excepted (release-hooks.ts).

const WRITING_ACTIONS = ['rollback', 'uninstall'];

// Every byte of this schema is in the default tools/list a model reads: descriptions are terse, and
// names are checked by refinements, which the JSON schema does not spell out.
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const helmSchema = z
  .object({
    action: z
      .enum(['list', 'status', 'history', 'values', 'manifest', 'rollback', 'uninstall'])
      .describe('rollback/uninstall write.'),
    release: z
      .string()
      .refine((name) => name.length <= 53 && DNS_NAME.test(name), 'a release name such as "web"')
      .optional()
      .describe('Not for list.'),
    namespace: z
      .string()
      .refine(
        (name) => name.length <= 63 && DNS_NAME.test(name) && !name.includes('.'),
        'a namespace such as "team-a"',
      )
      .optional()
      .describe("Default: the context's; list: all."),
    revision: z
      .number()
      .refine((revision) => Number.isInteger(revision) && revision >= 1, 'a revision number such as 2')
      .optional()
      .describe('Default latest; rollback: previous.'),
    all: z.boolean().optional().describe('list: any status; values: computed.'),
    dryRun: z.boolean().optional().describe('Preview a write.'),
    keepHistory: z.boolean().optional().describe('uninstall: keep records.'),
    skipHooks: z.boolean().optional().describe('Go on without hooks.'),
    context: contextField.describe('Kubeconfig context.'),
  })
  .strict();

type HelmArgs = z.infer<typeof helmSchema>;

function releaseName(args: HelmArgs): string {
  if (!args.release) throw new UsageError(`kubernetes_helm ${args.action} needs "release", e.g. "web".`);
  return args.release;
}

async function listReleases(context: ToolContext, args: HelmArgs): Promise<ToolResult> {
  const allNamespaces = args.namespace === undefined;
  const store = await ReleaseStore.open(context, args, 'read', { allNamespaces });
  const allowed = allNamespaces ? namespacesInScope(context.settings) : undefined;
  const segments = allowed ?? [undefined];
  const releases: HelmRelease[] = [];
  const unreadable: string[] = [];
  for (const namespace of segments) {
    const records = await store.read(undefined, namespace);
    releases.push(...records.releases.map((stored) => stored.release));
    unreadable.push(...records.unreadable);
  }
  const where = allNamespaces ? 'in any namespace' : `in namespace "${store.namespace}"`;
  return listView(context, releases, { all: args.all === true, where, unreadable });
}

function pickRevision(history: StoredRelease[], revision: number | undefined): HelmRelease {
  const latest = (history[history.length - 1] as StoredRelease).release;
  if (revision === undefined) return latest;
  const found = history.find((stored) => stored.release.version === revision);
  if (!found) {
    throw new UsageError(
      `Helm release "${latest.name}" has no revision ${revision} (its revisions: ` +
        `${history.map((stored) => stored.release.version).join(', ')}).`,
    );
  }
  return found.release;
}

async function readRelease(context: ToolContext, args: HelmArgs): Promise<ToolResult> {
  const store = await ReleaseStore.open(context, args, 'read');
  const history = await store.history(releaseName(args));
  if (args.action === 'history')
    return historyView(
      context,
      history.map((stored) => stored.release),
    );
  const release = pickRevision(history, args.revision);
  if (args.action === 'values') return valuesView(context, release, args.all === true);
  if (args.action === 'manifest') return manifestView(context, release);
  return statusView(release);
}

async function writeRelease(context: ToolContext, args: HelmArgs): Promise<ToolResult> {
  const refusal = context.settings.writesDisabledReason;
  if (refusal) {
    throw new UsageError(
      `kubernetes_helm ${args.action} changes the cluster, which is disabled: ${refusal}. ` +
        'The list, status, history, values and manifest actions still work.',
    );
  }
  const store = await ReleaseStore.open(context, args, 'write');
  const call = { context, contextName: args.context };
  const options = {
    name: releaseName(args),
    skipHooks: args.skipHooks === true,
    preview: args.dryRun === true || context.settings.dryRun,
    validate: context.settings.dryRun,
  };
  const result =
    args.action === 'rollback'
      ? await rollbackRelease(call, store, options, args.revision)
      : await uninstallRelease(call, store, { ...options, keepHistory: args.keepHistory === true });
  return { ...result, text: result.text + dryRunNote(context) };
}

export const helmTool = defineTool({
  name: 'kubernetes_helm',
  title: 'Helm releases',
  description:
    'Helm 3/4 releases, no helm binary. values are user-supplied, credentials redacted. Hooks never ' +
    'run: rollback/uninstall of a release with hooks for it needs skipHooks.',
  inputSchema: helmSchema,
  // Listed even when writes are off, so the reading actions keep working; the writing ones refuse.
  effect: readsOrWritesByAction(WRITING_ACTIONS),
  confirmation: (args) => {
    if (args.dryRun) return undefined;
    const release = `Helm release "${args.release ?? ''}" ${whereOf(args)}`;
    if (args.action === 'uninstall')
      return `Uninstall ${release}: delete its objects${args.keepHistory ? '' : ' and its history'}`;
    // A rollback deletes what the target revision lacks, as an uninstall deletes everything.
    if (args.action === 'rollback') {
      const target =
        args.revision === undefined ? 'the revision before the latest' : `revision ${args.revision}`;
      return `Roll back ${release} to ${target}: its objects become that revision's, and those only the current one has are deleted`;
    }
    return undefined;
  },
  async handler(args, context) {
    if (args.action === 'list') return listReleases(context, args);
    if (WRITING_ACTIONS.includes(args.action)) return writeRelease(context, args);
    return readRelease(context, args);
  },
});
