import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import type { KubeObject } from '../../k8s/index.js';
import { toYaml } from '../../output/index.js';
import { context as contextField, name, namespace } from '../common-schemas.js';
import { defineTool } from '../define-tool.js';
import { UsageError } from '../error-mapping.js';
import { objectLabel } from '../resource-names.js';
import { resolveTarget, type Target } from '../target.js';
import { textTableString } from '../text-table.js';
import type { ToolContext, ToolResult } from '../tool-definition.js';
import { readsOrWritesByAction } from '../tool-effect.js';
import { dryRunNote, FIELD_MANAGER, writeQuery } from '../write-request.js';
import { listRevisions, type Revision, revisionToRestore } from './rollout-revisions.js';
import { type RolloutState, rolloutState } from './rollout-status.js';

// kubernetes_rollout: the verbs of `kubectl rollout` for deployments, statefulsets and daemonsets.

const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';
const POD_TEMPLATE_HASH = 'pod-template-hash';
const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const POLL_INTERVAL_MS = 1000;
const ROLLABLE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

const rolloutSchema = z
  .object({
    action: z
      .enum(['status', 'restart', 'undo', 'history', 'pause', 'resume'])
      .describe(
        '"status": done or not; "restart": new pods, same spec (e.g. for a changed ConfigMap); "undo": back ' +
          'to the previous revision or toRevision; "history"; "pause"/"resume" (deployments only).',
      ),
    resourceType: z
      .string()
      .default('deployments')
      .describe('"deployments", "statefulsets" or "daemonsets" (short names work).'),
    name,
    namespace,
    toRevision: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("For undo: the revision to go back to. For history: show that revision's pod template."),
    wait: z
      .boolean()
      .default(false)
      .describe('For status: wait until the rollout finishes or timeoutSeconds pass, reporting progress.'),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(600)
      .default(120)
      .describe('For status with wait: the longest wait.'),
    context: contextField,
  })
  .strict();

type RolloutArgs = z.infer<typeof rolloutSchema>;

const READ_ACTIONS = new Set(['status', 'history']);

async function rolloutTarget(context: ToolContext, args: RolloutArgs): Promise<Target> {
  const access = READ_ACTIONS.has(args.action) ? 'read' : 'write';
  const target = await resolveTarget(context, { ...args, apiGroup: 'apps' }, access);
  if (!ROLLABLE_KINDS.includes(target.resource.kind)) {
    throw new UsageError(
      `kubernetes_rollout works on deployments, statefulsets and daemonsets, not ${target.resource.plural}.`,
    );
  }
  return target;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

async function status(context: ToolContext, target: Target, args: RolloutArgs): Promise<ToolResult> {
  const read = async () => rolloutState(await target.request<KubeObject>({ name: args.name }));
  let state: RolloutState = await read();
  if (!args.wait || state.done || state.failed)
    return { text: state.message, ...(state.failed && { isError: true }) };
  const started = Date.now();
  const deadline = started + args.timeoutSeconds * 1000;
  while (!state.done && !state.failed && Date.now() < deadline) {
    const elapsedSeconds = (Date.now() - started) / 1000;
    await context.reportProgress(elapsedSeconds, args.timeoutSeconds, state.message);
    await sleep(Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())), context.signal);
    state = await read();
  }
  if (state.done) {
    await context.reportProgress(args.timeoutSeconds, args.timeoutSeconds, state.message);
    return { text: state.message };
  }
  const timedOut = state.failed
    ? ''
    : `\nStill not done after ${args.timeoutSeconds}s; check kubernetes_describe for why.`;
  return { text: `${state.message}${timedOut}`, isError: true };
}

function patchWorkload(
  context: ToolContext,
  target: Target,
  args: RolloutArgs,
  body: unknown,
  contentType: string,
) {
  return target.request<KubeObject>({
    method: 'PATCH',
    name: args.name,
    body,
    contentType,
    query: writeQuery(context, { fieldManager: FIELD_MANAGER }),
  });
}

function isPaused(workload: KubeObject): boolean {
  return (workload.spec as { paused?: boolean } | undefined)?.paused === true;
}

async function restart(context: ToolContext, target: Target, args: RolloutArgs): Promise<ToolResult> {
  const workload = await target.request<KubeObject>({ name: args.name });
  if (isPaused(workload)) {
    throw new UsageError(
      `can't restart paused ${target.resource.singular} "${args.name}": resume it first (action "resume").`,
    );
  }
  const restartedAt = { [RESTARTED_AT_ANNOTATION]: new Date().toISOString() };
  await patchWorkload(
    context,
    target,
    args,
    { spec: { template: { metadata: { annotations: restartedAt } } } },
    STRATEGIC_MERGE_PATCH,
  );
  return {
    text:
      `${objectLabel(target.resource, args.name)} restarted: its pods are being replaced; ` +
      'follow with action ' +
      `"status" and wait: true.${dryRunNote(context)}`,
  };
}

async function setPaused(
  context: ToolContext,
  target: Target,
  args: RolloutArgs,
  paused: boolean,
): Promise<ToolResult> {
  if (target.resource.kind !== 'Deployment') {
    throw new UsageError(`only deployments can be paused and resumed, not ${target.resource.plural}.`);
  }
  const label = objectLabel(target.resource, args.name);
  const workload = await target.request<KubeObject>({ name: args.name });
  if (isPaused(workload) === paused) return { text: `${label} is already ${paused ? 'paused' : 'resumed'}` };
  await patchWorkload(context, target, args, { spec: { paused } }, STRATEGIC_MERGE_PATCH);
  return { text: `${label} ${paused ? 'paused' : 'resumed'}${dryRunNote(context)}` };
}

function images(template: KubeObject | undefined): string {
  const containers = (template?.spec as { containers?: { image?: string }[] } | undefined)?.containers ?? [];
  return containers.map((container) => container.image ?? '').join(',');
}

async function history(context: ToolContext, target: Target, args: RolloutArgs): Promise<ToolResult> {
  const workload = await target.request<KubeObject>({ name: args.name });
  const revisions = await listRevisions(context, args.context, workload);
  const label = objectLabel(target.resource, args.name);
  if (args.toRevision) {
    const revision = revisionToRestore(revisions, args.toRevision);
    return {
      text: `${label} with revision #${revision.revision}\nPod Template:\n${toYaml(revision.template ?? {})}`,
    };
  }
  if (revisions.length === 0) return { text: `${label}: no rollout history found` };
  const rows = revisions.map((revision) => [
    revision.revision,
    revision.changeCause,
    images(revision.template),
  ]);
  return { text: `${label}\n${textTableString(['Revision', 'Change-Cause', 'Images'], rows)}` };
}

function withoutTemplateHash(template: KubeObject): KubeObject {
  const { [POD_TEMPLATE_HASH]: _hash, ...labels } = template.metadata?.labels ?? {};
  return { ...template, metadata: { ...template.metadata, labels } };
}

/** Like kubectl: a Deployment gets the old ReplicaSet's template; other kinds their revision's patch. */
async function undo(context: ToolContext, target: Target, args: RolloutArgs): Promise<ToolResult> {
  const workload = await target.request<KubeObject>({ name: args.name });
  const label = objectLabel(target.resource, args.name);
  if (isPaused(workload)) {
    throw new UsageError(`cannot roll back paused ${label}: resume it first (action "resume").`);
  }
  const revision: Revision = revisionToRestore(
    await listRevisions(context, args.context, workload),
    args.toRevision,
  );
  if (workload.kind === 'Deployment') {
    const template = withoutTemplateHash(revision.template ?? {});
    const current = (workload.spec as { template?: KubeObject } | undefined)?.template;
    if (isDeepStrictEqual(template, current)) {
      return {
        text: `${label}: skipped rollback (current template already matches revision ${revision.revision})`,
      };
    }
    await patchWorkload(
      context,
      target,
      args,
      [{ op: 'replace', path: '/spec/template', value: template }],
      JSON_PATCH,
    );
  } else {
    await patchWorkload(context, target, args, revision.patch, STRATEGIC_MERGE_PATCH);
  }
  return { text: `${label} rolled back to revision ${revision.revision}${dryRunNote(context)}` };
}

const WRITING_ACTIONS = ['restart', 'undo', 'pause', 'resume'];

export const rolloutTool = defineTool({
  name: 'kubernetes_rollout',
  title: 'Manage a rollout',
  description:
    'Follow or change the rollout of a deployment, statefulset or daemonset, like `kubectl rollout`.',
  inputSchema: rolloutSchema,
  // Listed even when writes are off, so status and history keep working; the writing actions
  // check the flags themselves.
  effect: readsOrWritesByAction(WRITING_ACTIONS),
  async handler(args, context) {
    const refusal = context.settings.writesDisabledReason;
    if (refusal && WRITING_ACTIONS.includes(args.action)) {
      throw new UsageError(
        `kubernetes_rollout ${args.action} changes the cluster, which is disabled: ${refusal}. ` +
          'The status and history actions still work.',
      );
    }
    const target = await rolloutTarget(context, args);
    switch (args.action) {
      case 'status':
        return status(context, target, args);
      case 'restart':
        return restart(context, target, args);
      case 'undo':
        return undo(context, target, args);
      case 'history':
        return history(context, target, args);
      case 'pause':
        return setPaused(context, target, args, true);
      case 'resume':
        return setPaused(context, target, args, false);
    }
  },
});
