import * as z from 'zod';
import type { ContextSummary } from '../../k8s/index.js';
import { defineTool } from '../define-tool.js';
import { UsageError } from '../error-mapping.js';
import { textTableString } from '../text-table.js';
import type { ToolContext } from '../tool-definition.js';
import { READS_KUBECONFIG, SWITCHES_CONTEXT } from '../tool-effect.js';

// Kubeconfig contexts, per MCP session: switching changes this session only, never another
// user's, and nothing here can print a credential (ContextSummary holds none).

function currentContextName(context: ToolContext): string {
  return context.session.currentContext() ?? context.access.defaultContext();
}

/** A context as data: what describeContext prints, the namespace defaulted the same way. */
const contextData = z.object({
  name: z.string(),
  cluster: z.string(),
  server: z.string(),
  user: z.string(),
  namespace: z.string(),
});

function contextRecord(summary: ContextSummary): z.infer<typeof contextData> {
  const { name, cluster, server, user } = summary;
  return { name, cluster, server, user, namespace: summary.namespace ?? 'default' };
}

function describeContext(summary: ContextSummary): string {
  return [
    `context: ${summary.name}`,
    `cluster: ${summary.cluster}`,
    `server: ${summary.server}`,
    `user: ${summary.user}`,
    `namespace: ${summary.namespace ?? 'default'}`,
  ].join('\n');
}

export const contextListTool = defineTool({
  name: 'kubernetes_context_list',
  title: 'List kubeconfig contexts',
  description: 'The kubeconfig contexts (clusters) this server may use; current: the one this session uses.',
  inputSchema: z.object({}).strict(),
  outputSchema: z.object({ contexts: z.array(contextData.extend({ current: z.boolean() })) }),
  effect: READS_KUBECONFIG,
  async handler(_args, context) {
    const current = currentContextName(context);
    const summaries = context.access.contexts();
    const rows = summaries.map((summary) => [
      summary.name === current ? 'yes' : 'no',
      summary.name,
      summary.cluster,
      summary.server,
      summary.user,
      summary.namespace ?? 'default',
    ]);
    return {
      text: textTableString(['Current', 'Name', 'Cluster', 'Server', 'User', 'Namespace'], rows),
      structured: {
        contexts: summaries.map((summary) => ({
          ...contextRecord(summary),
          current: summary.name === current,
        })),
      },
    };
  },
});

export const contextGetCurrentTool = defineTool({
  name: 'kubernetes_context_get_current',
  title: 'Show the current kubeconfig context',
  description: 'The kubeconfig context this session uses unless a call names another.',
  inputSchema: z.object({}).strict(),
  // Only the name when the context is not one this server may use (in-cluster, or a stale choice).
  outputSchema: contextData.partial().required({ name: true }),
  effect: READS_KUBECONFIG,
  async handler(_args, context) {
    const current = currentContextName(context);
    const summary = context.access.contexts().find((candidate) => candidate.name === current);
    return summary
      ? { text: describeContext(summary), structured: contextRecord(summary) }
      : { text: `context: ${current}`, structured: { name: current } };
  },
});

const useSchema = z
  .object({
    name: z.string().min(1).describe('The context, e.g. "staging".'),
  })
  .strict();

export const contextUseTool = defineTool({
  name: 'kubernetes_context_use',
  title: 'Switch the kubeconfig context of this session',
  description:
    'Make later calls of this session (only) use another kubeconfig context. Without sessions ' +
    '(stateless HTTP), pass "context" on each call instead.',
  inputSchema: useSchema,
  effect: SWITCHES_CONTEXT,
  async handler(args, context) {
    const summary = context.access.contexts().find((candidate) => candidate.name === args.name);
    if (!summary) {
      const names = context.access
        .contexts()
        .map((candidate) => `"${candidate.name}"`)
        .join(', ');
      throw new UsageError(
        `There is no context "${args.name}" this server may use; the contexts are ${names}.`,
      );
    }
    context.session.useContext(args.name);
    return {
      text:
        `This session now uses context "${args.name}" (other sessions are unaffected).\n` +
        describeContext(summary),
    };
  },
});

export const contextTools = [contextListTool, contextGetCurrentTool, contextUseTool];
