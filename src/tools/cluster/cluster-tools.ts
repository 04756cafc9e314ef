import * as z from 'zod';
import type { KubeList, KubeObject } from '../../k8s/index.js';
import { limitOutput } from '../../output/index.js';
import { ageSince } from '../age.js';
import { context as contextField, namespace } from '../common-schemas.js';
import { defineTool } from '../define-tool.js';
import { readAll } from '../list-pages.js';
import { namespacesInScope } from '../namespace-policy.js';
import { Refused, readUnlessRefused } from '../refused-read.js';
import { clusterFor, resolveTarget, Target } from '../target.js';
import { textTable } from '../text-table.js';
import type { ToolContext } from '../tool-definition.js';
import { READS_CLUSTER } from '../tool-effect.js';
import { type PodProblem, podProblem } from './pod-health.js';

// The cluster as a whole: kubernetes_cluster_health and kubernetes_can_i.

/** Pods read at most for the health check; beyond, it says it only looked at part of them. */
const HEALTH_POD_CAP = 20_000;
/** Failing pods named at most. */
const LISTED_PROBLEMS = 50;
const PRESSURE_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

interface Node extends KubeObject {
  spec?: { unschedulable?: boolean };
  status?: { conditions?: { type?: string; status?: string }[]; nodeInfo?: { kubeletVersion?: string } };
}

function nodeRoles(node: Node): string {
  const prefix = 'node-role.kubernetes.io/';
  const roles = Object.keys(node.metadata?.labels ?? {})
    .filter((label) => label.startsWith(prefix))
    .map((label) => label.slice(prefix.length));
  return roles.join(',') || '<none>';
}

function nodeProblems(node: Node): string[] {
  const conditions = node.status?.conditions ?? [];
  const ready = conditions.find((condition) => condition.type === 'Ready')?.status === 'True';
  return [
    ...(ready ? [] : ['NotReady']),
    ...conditions
      .filter(
        (condition) => PRESSURE_CONDITIONS.includes(condition.type ?? '') && condition.status === 'True',
      )
      .map((condition) => condition.type ?? ''),
    ...(node.spec?.unschedulable ? ['SchedulingDisabled'] : []),
  ];
}

async function nodesSection(
  context: ToolContext,
  contextName: string | undefined,
): Promise<{ text: string; bad: number; total: number; problems: { name: string; problems: string[] }[] }> {
  const nodes = await resolveTarget(
    context,
    { context: contextName, resourceType: 'nodes', apiGroup: '' },
    'read',
  );
  const list = await nodes.request<KubeList<Node>>({});
  const rows = list.items.map((node) => {
    const problems = nodeProblems(node);
    return {
      node,
      problems,
      cells: [
        node.metadata?.name,
        problems.length ? problems.join(',') : 'Ready',
        nodeRoles(node),
        node.status?.nodeInfo?.kubeletVersion,
      ],
    };
  });
  const bad = rows.filter((row) => row.problems.length > 0).length;
  const table = textTable(
    ['Name', 'Status', 'Roles', 'Version'],
    rows.map((row) => row.cells),
  );
  return {
    text: [
      `Nodes: ${list.items.length} (${list.items.length - bad} ready and schedulable)`,
      table.header,
      ...table.rows,
    ].join('\n'),
    bad,
    total: list.items.length,
    problems: rows
      .filter((row) => row.problems.length > 0)
      .map((row) => ({ name: row.node.metadata?.name ?? '', problems: row.problems })),
  };
}

async function failingPods(context: ToolContext, contextName: string | undefined) {
  const pods = await resolveTarget(
    context,
    { context: contextName, resourceType: 'pods', apiGroup: '' },
    'read',
    {
      allNamespaces: true,
    },
  );
  const namespaces = namespacesInScope(context.settings) ?? [undefined];
  const read = await readAll<KubeObject>(namespaces.length, HEALTH_POD_CAP, async (segment, limit, token) => {
    const inNamespace = namespaces[segment];
    const list = await pods.request<KubeList>({
      ...(inNamespace !== undefined && { namespace: inNamespace }),
      query: { limit, continue: token },
    });
    return { entries: list.items, continueToken: list.metadata?.continue };
  });
  const now = new Date();
  const problems = read.entries.flatMap((pod) => podProblem(pod, now) ?? []);
  return { total: read.entries.length, capped: read.capped, problems, now };
}

function problemsTable(problems: PodProblem[], now: Date): string {
  const rows = problems
    .slice(0, LISTED_PROBLEMS)
    .map((problem) => [
      problem.pod.metadata?.namespace,
      problem.pod.metadata?.name,
      problem.status,
      problem.restarts,
      ageSince(problem.pod.metadata?.creationTimestamp, now),
      problem.detail,
    ]);
  const table = textTable(['Namespace', 'Name', 'Status', 'Restarts', 'Age', 'Problem'], rows);
  const more =
    problems.length > LISTED_PROBLEMS ? `\n(${problems.length - LISTED_PROBLEMS} more failing pods)` : '';
  return [table.header, ...table.rows].join('\n') + more;
}

function podsSection(context: ToolContext, pods: Awaited<ReturnType<typeof failingPods>>): string {
  const checked = pods.capped
    ? `${pods.total} checked (the first ${HEALTH_POD_CAP} only)`
    : `${pods.total} checked`;
  const scope = namespacesInScope(context.settings) ? ' in the allowed namespaces' : '';
  const table = pods.problems.length > 0 ? `\n${problemsTable(pods.problems, pods.now)}` : '';
  return `Pods: ${checked}${scope}, ${pods.problems.length} failing${table}`;
}

const healthSchema = z.object({ context: contextField }).strict();

const PODS_FORBIDDEN =
  'this identity may not list pods in every namespace; kubernetes_list pods with a namespace checks one';

function whyNotChecked(refused: Refused, plural: string, forbidden: string): string {
  return refused.by === 'denied-resources' ? `${plural} are in --denied-resources` : forbidden;
}

/**
 * The verdict as data; a section is absent when --denied-resources or the caller's RBAC kept it from
 * being checked, and `healthy` then says only that no problem was found in the rest.
 */
const healthOutput = z.object({
  healthy: z.boolean(),
  version: z.string(),
  nodes: z
    .object({
      total: z.number(),
      notReady: z.array(z.object({ name: z.string(), problems: z.array(z.string()) })),
    })
    .optional(),
  pods: z
    .object({
      checked: z.number(),
      failing: z.number(),
      // The first LISTED_PROBLEMS, as the table shows them.
      problems: z.array(
        z.object({ namespace: z.string(), name: z.string(), status: z.string(), detail: z.string() }),
      ),
    })
    .optional(),
});

function healthData(
  version: string,
  nodes: Awaited<ReturnType<typeof nodesSection>> | undefined,
  pods: Awaited<ReturnType<typeof failingPods>> | undefined,
): z.infer<typeof healthOutput> {
  return {
    healthy: !nodes?.bad && !pods?.problems.length,
    version,
    ...(nodes && { nodes: { total: nodes.total, notReady: nodes.problems } }),
    ...(pods && {
      pods: {
        checked: pods.total,
        failing: pods.problems.length,
        problems: pods.problems.slice(0, LISTED_PROBLEMS).map((problem) => ({
          namespace: problem.pod.metadata?.namespace ?? '',
          name: problem.pod.metadata?.name ?? '',
          status: problem.status,
          detail: problem.detail,
        })),
      },
    }),
  };
}

export const clusterHealthTool = defineTool({
  name: 'kubernetes_cluster_health',
  title: 'Check cluster health',
  description:
    'Is the cluster OK? Its version, nodes not ready (pressure, cordoned), and failing pods in every ' +
    'namespace (CrashLoopBackOff, image pull errors, Pending...) with the reason.',
  inputSchema: healthSchema,
  outputSchema: healthOutput,
  effect: READS_CLUSTER,
  async handler(args, context) {
    const client = clusterFor(context, args.context);
    const version = await client.request<{ gitVersion?: string; platform?: string }>({ path: '/version' });
    const nodes = await readUnlessRefused(context, await client.resolve('nodes', ''), () =>
      nodesSection(context, args.context),
    );
    const pods = await readUnlessRefused(context, await client.resolve('pods', ''), () =>
      failingPods(context, args.context),
    );
    const checkedNodes = nodes instanceof Refused ? undefined : nodes;
    const checkedPods = pods instanceof Refused ? undefined : pods;
    const verdictParts = [
      checkedNodes?.bad ? `${checkedNodes.bad} node(s) with problems` : '',
      checkedPods?.problems.length ? `${checkedPods.problems.length} failing pod(s)` : '',
    ].filter(Boolean);
    let verdict = 'healthy';
    if (verdictParts.length) verdict = `DEGRADED: ${verdictParts.join(', ')}`;
    else if (!checkedNodes && !checkedPods) verdict = 'not checked';
    else if (!checkedNodes || !checkedPods) verdict = 'no problems found in what could be checked';
    const sections = [
      `Cluster ${client.contextName} (${client.server}), Kubernetes ${version.gitVersion ?? 'unknown'}: ${verdict}`,
      nodes instanceof Refused
        ? `Nodes: (not checked: ${whyNotChecked(nodes, 'nodes', 'this identity may not list nodes')})`
        : nodes.text,
      pods instanceof Refused
        ? `Pods: (not checked: ${whyNotChecked(pods, 'pods', PODS_FORBIDDEN)})`
        : podsSection(context, pods),
    ];
    const hint = 'Use kubernetes_list pods with a namespace, or kubernetes_describe on one pod.';
    return {
      text: limitOutput({ items: sections, separator: '\n\n' }, context.settings.maxOutputBytes, hint).text,
      structured: healthData(version.gitVersion ?? 'unknown', checkedNodes, checkedPods),
    };
  },
});

// ---------------------------------------------------------------------------------------------
// kubernetes_can_i

const canISchema = z
  .object({
    verb: z.string().min(1).describe('The action, e.g. "list", "create", "delete", "*".'),
    resourceType: z
      .string()
      .min(1)
      .describe('The resource, e.g. "pods", "*", or a subresource, "pods/exec".'),
    apiGroup: z.string().optional().describe('API group, e.g. "apps".'),
    name: z.string().optional().describe('Ask about this object only.'),
    namespace: namespace.describe("Namespace to ask about (default: the context's)."),
    allNamespaces: z.boolean().default(false).describe('Ask about every namespace at once.'),
    context: contextField,
  })
  .strict();

interface AccessReviewStatus {
  allowed?: boolean;
  denied?: boolean;
  reason?: string;
  evaluationError?: string;
}

export const canITool = defineTool({
  name: 'kubernetes_can_i',
  title: 'Check a permission',
  description:
    'May the identity in use do this? Like `kubectl auth can-i`: yes or no, with the reason. Use it ' +
    'before a write or to explain a Forbidden error.',
  inputSchema: canISchema,
  outputSchema: z.object({ allowed: z.boolean(), reason: z.string().optional() }),
  effect: READS_CLUSTER,
  async handler(args, context) {
    const [typed = '', subresource] = args.resourceType.split('/', 2);
    const everything = typed === '*';
    const target = everything
      ? undefined
      : await resolveTarget(context, { ...args, resourceType: typed }, 'read', {
          allNamespaces: args.allNamespaces,
        });
    const client = target?.client ?? clusterFor(context, args.context);
    const reviews = await client.resolve('selfsubjectaccessreviews', 'authorization.k8s.io');
    const scopeNamespace = args.allNamespaces ? undefined : (target?.namespace ?? args.namespace);
    const answer = await new Target(client, reviews, undefined, context.signal).request<{
      status?: AccessReviewStatus;
    }>({
      method: 'POST',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: args.verb,
            resource: target?.resource.plural ?? '*',
            group: target?.resource.group ?? args.apiGroup ?? '*',
            ...(subresource && { subresource }),
            ...(args.name && { name: args.name }),
            ...(scopeNamespace && { namespace: scopeNamespace }),
          },
        },
      },
    });
    const status = answer.status ?? {};
    const what = `${args.verb} ${args.resourceType}${args.name ? ` "${args.name}"` : ''}`;
    const where = scopeNamespace
      ? ` in namespace "${scopeNamespace}"`
      : args.allNamespaces
        ? ' in all namespaces'
        : '';
    const why = [status.reason, status.evaluationError].filter(Boolean).join('; ');
    return {
      text: `${status.allowed ? 'yes' : 'no'}: ${what}${where}${why ? ` (${why})` : ''}`,
      structured: { allowed: status.allowed === true, ...(why && { reason: why }) },
    };
  },
});

export const clusterTools = [clusterHealthTool, canITool];
