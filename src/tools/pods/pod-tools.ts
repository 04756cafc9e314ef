import * as z from 'zod';
import type { KubeList, KubeObject } from '../../k8s/index.js';
import { limitOutput } from '../../output/index.js';
import { parseDuration } from '../age.js';
import { context as contextField, name, namespace } from '../common-schemas.js';
import { defineTool } from '../define-tool.js';
import { isCallFailure, TargetedFailure, toolError, UsageError } from '../error-mapping.js';
import { resolveTarget, type Target, whereOf } from '../target.js';
import type { ToolContext } from '../tool-definition.js';
import { EXECS, READS_CLUSTER } from '../tool-effect.js';
import { POD_OWNING_KINDS, workloadSelector } from '../workload-pods.js';
import { keepNewestLines, lineFilter, logLines } from './log-lines.js';

// Inside pods: kubernetes_logs and kubernetes_exec.

const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';
/** Pods of one workload whose logs one call reads at most. */
const MAX_WORKLOAD_PODS = 10;

interface Pod extends KubeObject {
  spec?: { containers?: { name: string }[] };
}

// ---------------------------------------------------------------------------------------------
// kubernetes_logs

const logsSchema = z
  .object({
    name: name.describe('A pod, or with resourceType a workload, e.g. "web".'),
    resourceType: z
      .string()
      .default('pods')
      .describe(
        '"pods", or a workload whose pods to read: "deployments", "statefulsets", "daemonsets", "replicasets", "jobs".',
      ),
    namespace,
    container: z.string().optional().describe("Container (default: the pod's default or first one)."),
    tailLines: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(100)
      .describe('How many of the newest lines to read per container.'),
    since: z
      .string()
      .regex(/^(\d+d)?(\d+h)?(\d+m)?(\d+s)?$/, 'a duration such as "30s", "5m", "1h30m"')
      .optional()
      .describe('Only lines newer than this, e.g. "5m", "2h30m".'),
    previous: z.boolean().default(false).describe('Read the previous (crashed) container instance.'),
    timestamps: z.boolean().default(false).describe('Prefix each line with its timestamp.'),
    grep: z
      .string()
      .optional()
      .describe('Keep only lines containing this text or matching /regex/flags, e.g. "/timeout|refused/i".'),
    maxBytes: z
      .number()
      .int()
      .min(256)
      .optional()
      .describe('At most this many bytes, the newest lines kept (default and most: the server limit).'),
    context: contextField,
  })
  .strict();

type LogsArgs = z.infer<typeof logsSchema>;

/** The first workload kind (in POD_OWNING_KINDS' order) with an object of that name the caller may read, if any. */
async function workloadNamed(context: ToolContext, args: LogsArgs): Promise<Target | undefined> {
  const found = await Promise.all(
    [...POD_OWNING_KINDS].map(async (resourceType) => {
      try {
        const target = await resolveTarget(context, { ...args, resourceType, apiGroup: undefined }, 'read');
        await target.request<KubeObject>({ name: args.name });
        return target;
      } catch {
        // Absent, or not readable by this caller: no hint from this type.
        return undefined;
      }
    }),
  );
  return found.find((target) => target !== undefined);
}

/** The pod `args.name`; when there is none, a workload of that name is pointed to (`kubectl logs web` vs `deploy/web`). */
async function namedPod(context: ToolContext, args: LogsArgs, pods: Target): Promise<Pod> {
  try {
    return await pods.request<Pod>({ name: args.name });
  } catch (error) {
    if (!(error instanceof TargetedFailure) || error.failure.status !== 404) throw error;
    const workload = await workloadNamed(context, args);
    if (!workload) throw error;
    const { kind, plural } = workload.resource;
    throw new UsageError(
      `There is no pod "${args.name}" in namespace "${pods.namespace}", but there is a ${kind} of that ` +
        `name: call again with resourceType: "${plural}" to read the logs of its pods.`,
    );
  }
}

async function podsToRead(
  context: ToolContext,
  args: LogsArgs,
  pods: Target,
): Promise<{ pods: Pod[]; note?: string }> {
  const target = await resolveTarget(context, args, 'read');
  if (target.resource.kind === 'Pod') return { pods: [await namedPod(context, args, pods)] };
  if (!POD_OWNING_KINDS.has(target.resource.kind)) {
    throw new UsageError(
      `kubernetes_logs reads pods or the pods of a workload, not ${target.resource.plural}.`,
    );
  }
  const workload = await target.request<KubeObject>({ name: args.name });
  const selector = workloadSelector(workload);
  if (!selector) throw new UsageError(`${target.resource.kind} "${args.name}" has no pod selector.`);
  const list = await pods.request<KubeList<Pod>>({ query: { labelSelector: selector } });
  if (list.items.length === 0)
    throw new UsageError(`${target.resource.kind} "${args.name}" has no pods (selector ${selector}).`);
  const shown = list.items.slice(0, MAX_WORKLOAD_PODS);
  const left = list.items.length - shown.length;
  return {
    pods: shown,
    ...(left > 0 && { note: `(${left} more pods not read; name one pod to read its logs)` }),
  };
}

function containerOf(pod: Pod, requested: string | undefined): string | undefined {
  if (requested) return requested;
  return pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION] ?? pod.spec?.containers?.[0]?.name;
}

async function podLogLines(pods: Target, pod: Pod, args: LogsArgs, prefix: boolean): Promise<string[]> {
  const container = containerOf(pod, args.container);
  const podName = pod.metadata?.name ?? '';
  const text = await pods.requestText({
    name: podName,
    subresource: 'log',
    accept: 'text/plain',
    query: {
      container,
      tailLines: args.tailLines,
      previous: args.previous || undefined,
      timestamps: args.timestamps || undefined,
      sinceSeconds: args.since ? parseDuration(args.since) : undefined,
    },
  });
  const keep = lineFilter(args.grep);
  const lines = logLines(text).filter(keep);
  return prefix ? lines.map((line) => `[pod/${podName}/${container}] ${line}`) : lines;
}

export const logsTool = defineTool({
  name: 'kubernetes_logs',
  title: 'Read container logs',
  description:
    'The newest log lines of a pod, or of every pod of a workload (prefixed [pod/<name>/<container>]), ' +
    'like `kubectl logs`.',
  inputSchema: logsSchema,
  effect: READS_CLUSTER,
  async handler(args, context) {
    const pods = await resolveTarget(
      context,
      { ...args, resourceType: 'pods', apiGroup: '', name: undefined },
      'read',
    );
    const selected = await podsToRead(context, args, pods);
    const several = selected.pods.length > 1 || args.resourceType !== 'pods';
    const lines: string[] = [];
    for (const pod of selected.pods) {
      try {
        lines.push(...(await podLogLines(pods, pod, args, several)));
      } catch (error) {
        if (!several || !isCallFailure(error)) throw error;
        lines.push(`[pod/${pod.metadata?.name}] ${toolError(error, { resourceType: 'pods' }).text}`);
      }
    }
    const maxBytes = Math.min(
      args.maxBytes ?? context.settings.maxOutputBytes,
      context.settings.maxOutputBytes,
    );
    const hint = 'Use a smaller tailLines, since, or grep to see less.';
    const empty = args.grep ? `(no lines match grep "${args.grep}")` : '(no log lines)';
    const body = lines.length > 0 ? keepNewestLines(lines, maxBytes, hint) : empty;
    return { text: selected.note ? `${body}\n${selected.note}` : body };
  },
});

// ---------------------------------------------------------------------------------------------
// kubernetes_exec

const execSchema = z
  .object({
    name: name.describe('The pod, e.g. "web-7d4b9c-x2x9k" (kubernetes_list pods shows the names).'),
    namespace,
    container: z.string().optional().describe('Container name, for pods with several. Default: the first.'),
    command: z
      .array(z.string())
      .min(1)
      .describe(
        'The command and its arguments as an array, run without a shell, e.g. ["cat", "/etc/hostname"]; ' +
          'for pipes or variables use ["sh", "-c", "env | grep DB_"].',
      ),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(300)
      .default(30)
      .describe('Stop waiting for the command after this many seconds.'),
    context: contextField,
  })
  .strict();

export const execTool = defineTool({
  name: 'kubernetes_exec',
  title: 'Run a command in a container',
  description:
    'Run one command in a running container, like `kubectl exec <pod> -- <command>` (no TTY, no stdin), ' +
    'and ' +
    'return its exit code, stdout and stderr. For quick checks: config files, environment, DNS, ' +
    'connectivity.',
  inputSchema: execSchema,
  confirmation: (args) =>
    `Run ${JSON.stringify(args.command.join(' '))} in pod "${args.name}" ${whereOf(args)}`,
  effect: EXECS,
  async handler(args, context) {
    const pods = await resolveTarget(context, { ...args, resourceType: 'pods', apiGroup: '' }, 'write');
    const result = await pods.exec({
      pod: args.name,
      ...(args.container && { container: args.container }),
      command: args.command,
      timeoutMs: args.timeoutSeconds * 1000,
      signal: context.signal,
    });
    const half = Math.floor(context.settings.maxOutputBytes / 2);
    const section = (title: string, text: string) =>
      text === ''
        ? `${title}: (empty)`
        : `${title}:\n${limitOutput({ items: logLines(text) }, half, 'Make the command print less.').text}`;
    return {
      text: [
        `exit code: ${result.exitCode}`,
        section('stdout', result.stdout),
        section('stderr', result.stderr),
      ].join('\n'),
    };
  },
});

export const podTools = [logsTool, execTool];
