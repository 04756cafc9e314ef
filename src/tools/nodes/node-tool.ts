import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import type { KubeList, KubeObject } from '../../k8s/index.js';
import { context as contextField } from '../common-schemas.js';
import { defineTool } from '../define-tool.js';
import { TargetedFailure } from '../error-mapping.js';
import { resolveTarget, type Target } from '../target.js';
import type { ToolContext, ToolResult } from '../tool-definition.js';
import { writes } from '../tool-effect.js';
import { dryRunNote, writeQuery } from '../write-request.js';
import { type DrainPlan, planDrain, podName } from './drain-plan.js';

// kubernetes_node: cordon, uncordon and drain, as kubectl does them. A drain cordons the node, then
// evicts its pods through pods/eviction, so the API server holds back any eviction that would
// break a PodDisruptionBudget; those are retried until the timeout.

/** Between two tries of evictions a disruption budget refused. */
const RETRY_INTERVAL_MS = 2000;

const nodeSchema = z
  .object({
    action: z.enum(['cordon', 'uncordon', 'drain']).describe('What to do with the node.'),
    name: z.string().min(1).describe('The node, e.g. "worker-1".'),
    dryRun: z
      .boolean()
      .default(false)
      .describe('Drain only: list what would be evicted and skipped, change nothing.'),
    force: z
      .boolean()
      .default(false)
      .describe('Drain only: also evict pods no controller manages (they are not recreated).'),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(600)
      .default(120)
      .describe('Drain only: give up on evictions still refused after this many seconds.'),
    context: contextField,
  })
  .strict();

type NodeArgs = z.infer<typeof nodeSchema>;

async function setUnschedulable(
  context: ToolContext,
  nodes: Target,
  name: string,
  on: boolean,
): Promise<string> {
  await nodes.request<KubeObject>({
    method: 'PATCH',
    name,
    contentType: 'application/merge-patch+json',
    body: { spec: { unschedulable: on || null } },
    query: writeQuery(context),
  });
  return `node/${name} ${on ? 'cordoned' : 'uncordoned'}`;
}

function planText(plan: DrainPlan): string[] {
  return [
    ...plan.evict.map((pod) => `evict ${podName(pod)}`),
    ...plan.skipped.map(({ pod, why }) => `skip ${podName(pod)}: ${why}`),
  ];
}

/** Evicts the pods, retrying those a disruption budget holds back; returns those still refused. */
async function evictAll(
  context: ToolContext,
  pods: Target,
  plan: DrainPlan,
  deadline: number,
): Promise<{ pod: KubeObject; why: string }[]> {
  let pending = plan.evict;
  let refused: { pod: KubeObject; why: string }[] = [];
  const total = plan.evict.length;
  let evicted = 0;
  for (;;) {
    refused = [];
    for (const pod of pending) {
      const why = await evict(context, pods, pod);
      if (why) refused.push({ pod, why });
      else {
        evicted += 1;
        await context.reportProgress(evicted, total, `evicted ${podName(pod)}`);
      }
    }
    if (refused.length === 0 || Date.now() + RETRY_INTERVAL_MS > deadline) return refused;
    // Word while waiting too: a client may give up on a call that has been silent too long.
    await context.reportProgress(
      evicted,
      total,
      `${refused.length} eviction(s) held back by a PodDisruptionBudget; retrying`,
    );
    pending = refused.map((entry) => entry.pod);
    await sleep(RETRY_INTERVAL_MS, undefined, { signal: context.signal });
  }
}

/** Undefined when evicted (or already gone); the API server's reason when a budget refused it. */
async function evict(context: ToolContext, pods: Target, pod: KubeObject): Promise<string | undefined> {
  const { name = '', namespace = '' } = pod.metadata ?? {};
  try {
    await pods.request({
      method: 'POST',
      namespace,
      name,
      subresource: 'eviction',
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
      query: writeQuery(context),
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof TargetedFailure)) throw error;
    if (error.failure.status === 404) return undefined;
    if (error.failure.status !== 429) throw error;
    const cause = error.failure.details?.causes?.[0]?.message;
    return cause ? `${error.failure.message} (${cause})` : error.failure.message;
  }
}

async function drain(context: ToolContext, nodes: Target, args: NodeArgs): Promise<ToolResult> {
  const pods = await resolveTarget(
    context,
    { context: args.context, resourceType: 'pods', apiGroup: '' },
    'write',
    {
      allNamespaces: true,
    },
  );
  await nodes.request<KubeObject>({ name: args.name });
  const onNode = await pods.request<KubeList>({ query: { fieldSelector: `spec.nodeName=${args.name}` } });
  const plan = planDrain(onNode.items, args.force);
  if (plan.unmanaged.length > 0) {
    const names = plan.unmanaged.map(podName).join(', ');
    return {
      isError: true,
      text:
        `Not draining node/${args.name}: no controller manages ${names}, so evicting them deletes them for ` +
        'good. Repeat with force: true to evict them anyway. Nothing was changed.',
    };
  }
  if (args.dryRun) {
    const lines = planText(plan);
    return {
      text: [
        `Dry run: draining node/${args.name} would cordon it and:`,
        ...(lines.length ? lines : ['evict no pods']),
      ].join('\n'),
    };
  }
  const cordoned = await setUnschedulable(context, nodes, args.name, true);
  const refused = await evictAll(context, pods, plan, Date.now() + args.timeoutSeconds * 1000);
  const evicted = plan.evict.filter((pod) => !refused.some((entry) => entry.pod === pod));
  const lines = [
    cordoned,
    ...evicted.map((pod) => `evicted ${podName(pod)}`),
    ...plan.skipped.map(({ pod, why }) => `skipped ${podName(pod)}: ${why}`),
    ...refused.map(({ pod, why }) => `NOT evicted ${podName(pod)}: ${why}`),
  ];
  if (refused.length > 0) {
    lines.push(
      `Drain incomplete after ${args.timeoutSeconds}s: the node stays cordoned. Free up the disruption ` +
        'budget (e.g. scale the workload up) and drain again.',
    );
  } else lines.push(`node/${args.name} drained`);
  return { text: lines.join('\n') + dryRunNote(context), ...(refused.length > 0 && { isError: true }) };
}

export const nodeTool = defineTool({
  name: 'kubernetes_node',
  title: 'Cordon, uncordon or drain a node',
  description:
    'Node maintenance, like kubectl cordon/uncordon/drain --ignore-daemonsets. drain cordons the node and ' +
    'evicts its pods (DaemonSet and mirror pods stay), honouring PodDisruptionBudgets: refused evictions ' +
    'are retried until timeoutSeconds. Use dryRun: true first to see what a drain would evict.',
  inputSchema: nodeSchema,
  effect: writes({ destructive: true, idempotent: true }),
  confirmation: (args) =>
    args.action === 'drain' && !args.dryRun
      ? `Drain node "${args.name}"${args.context ? ` of context "${args.context}"` : ''}: cordon it and evict ` +
        'its pods (DaemonSet and mirror pods stay)'
      : undefined,
  async handler(args, context) {
    const nodes = await resolveTarget(
      context,
      { context: args.context, resourceType: 'nodes', apiGroup: '', name: args.name },
      'write',
    );
    if (args.action === 'drain') return drain(context, nodes, args);
    return {
      text:
        (await setUnschedulable(context, nodes, args.name, args.action === 'cordon')) + dryRunNote(context),
    };
  },
});
