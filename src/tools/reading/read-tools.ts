import * as z from 'zod';
import type { KubeObject, KubeTable } from '../../k8s/index.js';
import {
  limitOutput,
  maskSecrets,
  type ObjectView,
  renderTable,
  toJson,
  toYaml,
  viewObject,
} from '../../output/index.js';
import {
  apiGroup,
  context as contextField,
  itemLimit,
  name,
  namespace,
  objectOutput,
  resourceType,
} from '../common-schemas.js';
import { defineTool } from '../define-tool.js';
import { namespacesInScope } from '../namespace-policy.js';
import { apiVersionOf, withKind } from '../resource-names.js';
import { isDenied, requireResourceAllowed } from '../resource-policy.js';
import { clusterFor, resolveTarget, type Target, type TargetArgs } from '../target.js';
import { textTable } from '../text-table.js';
import type { ToolContext } from '../tool-definition.js';
import { READS_CLUSTER } from '../tool-effect.js';
import { POD_OWNING_KINDS, serviceSelector, workloadSelector } from '../workload-pods.js';
import { describedSection } from './describe-sections.js';
import { eventTable, involvedObjectOf, readEvents } from './event-view.js';
import { joinSelectors, listTool, TABLE_ACCEPT } from './list-tool.js';
import { namespacePoliciesSection } from './namespace-policies.js';

// The tools that read: list, get, describe, events and api_resources.

/** Events and pods describe shows at most: the newest and the first, as kubectl does. */
const DESCRIBE_EVENTS = 20;
const DESCRIBE_PODS = 30;

// ---------------------------------------------------------------------------------------------
// kubernetes_get

const getSchema = z
  .object({ resourceType, apiGroup, name, namespace, output: objectOutput, context: contextField })
  .strict();

function shownView(object: KubeObject, output: ObjectView | 'yaml'): KubeObject {
  return viewObject(object, output === 'yaml' ? 'normal' : output);
}

function renderObject(object: KubeObject, output: ObjectView | 'yaml'): string {
  const view = shownView(object, output);
  return output === 'slim' || output === 'yaml' ? toYaml(view) : toJson(view);
}

export const getTool = defineTool({
  name: 'kubernetes_get',
  title: 'Get one Kubernetes object',
  description:
    'Get one object, like `kubectl get <type> <name> -o yaml`, slimmed by default. Secret values are ' +
    'masked (keys and sizes stay).',
  inputSchema: getSchema,
  // The object as the text shows it (masked, slimmed as asked); left out when the text had to be cut.
  outputSchema: z.object({ object: z.record(z.string(), z.unknown()).optional(), truncated: z.boolean() }),
  effect: READS_CLUSTER,
  async handler(args, context) {
    const { object } = await readNamedObject(context, args);
    const text = renderObject(object, args.output).trimEnd();
    const hint =
      args.output === 'slim'
        ? 'Read a part with kubernetes_list and a fieldSelector.'
        : 'Use output: "slim".';
    const limited = limitOutput({ items: text.split('\n') }, context.settings.maxOutputBytes, hint);
    return {
      text: limited.text,
      structured: limited.truncated
        ? { truncated: true }
        : { object: maskSecrets(shownView(object, args.output)), truncated: false },
    };
  },
});

// ---------------------------------------------------------------------------------------------
// kubernetes_describe

const describeSchema = z.object({ resourceType, apiGroup, name, namespace, context: contextField }).strict();

async function eventsSection(context: ToolContext, target: Target, object: KubeObject): Promise<string> {
  const events = await target.client.resolve('events', '');
  const namespaces = target.resource.namespaced
    ? [target.namespace ?? 'default']
    : namespacesInScope(context.settings);
  return describedSection(context, 'Events', events, async () => {
    const { events: found } = await readEvents(target.sibling(events, undefined), {
      ...(namespaces && { namespaces }),
      fieldSelector: `involvedObject.uid=${object.metadata?.uid ?? ''}`,
    });
    if (found.length === 0) return 'Events: <none>';
    const shown = found.slice(0, DESCRIBE_EVENTS);
    const table = eventTable(shown, new Date(), { showNamespace: false });
    const more =
      found.length > shown.length ? `\n(${found.length - shown.length} older events not shown)` : '';
    return `Events (newest first):\n${[table.header, ...table.rows].join('\n')}${more}`;
  });
}

/** The pods a workload owns, or a Service sends its traffic to (its selector is a plain map). */
function podSelectorOf(target: Target, object: KubeObject): string | undefined {
  const { kind, group } = target.resource;
  if (kind === 'Service' && group === '') return serviceSelector(object);
  return POD_OWNING_KINDS.has(kind) ? workloadSelector(object) : undefined;
}

async function podsSection(
  context: ToolContext,
  target: Target,
  object: KubeObject,
): Promise<string | undefined> {
  const selector = podSelectorOf(target, object);
  if (!selector) return undefined;
  const pods = await target.client.resolve('pods', '');
  const title = `Pods (${selector})`;
  return describedSection(context, title, pods, async () => {
    const table = await target.sibling(pods, target.namespace).request<KubeTable>({
      accept: TABLE_ACCEPT,
      // Printed without a namespace column: the rows' objects would be read for nothing.
      query: { labelSelector: selector, limit: DESCRIBE_PODS, includeObject: 'None' },
    });
    if (table.rows.length === 0) return `${title}: <none>`;
    const text = renderTable(table, { showNamespace: false });
    const more = table.metadata?.continue
      ? `\n(more pods exist: kubernetes_list pods with labelSelector "${selector}")`
      : '';
    return `${title}:\n${[text.header, ...text.rows].join('\n')}${more}`;
  });
}

export const describeTool = defineTool({
  name: 'kubernetes_describe',
  title: 'Describe a Kubernetes object',
  description:
    'Explain one object, like `kubectl describe`: the object (slim YAML), its recent events, for ' +
    'workloads, jobs and services their pods with status, for namespaces their quotas and limit ranges. ' +
    'The first tool when something is not working.',
  inputSchema: describeSchema,
  effect: READS_CLUSTER,
  async handler(args, context) {
    const { target, object } = await readNamedObject(context, args);
    const where = target.namespace ? `${target.namespace}/` : '';
    const sections = [
      `${object.kind} ${where}${args.name}:\n${toYaml(viewObject(object, 'slim')).trimEnd()}`,
      await podsSection(context, target, object),
      await namespacePoliciesSection(context, target, object),
      await eventsSection(context, target, object),
    ].filter((section): section is string => section !== undefined);
    const hint = 'Use kubernetes_get for the object alone, kubernetes_events for its events.';
    return {
      text: limitOutput({ items: sections, separator: '\n\n' }, context.settings.maxOutputBytes, hint).text,
    };
  },
});

// ---------------------------------------------------------------------------------------------
// kubernetes_events

const eventsSchema = z
  .object({
    namespace,
    allNamespaces: z.boolean().default(false).describe('Events of every namespace in scope.'),
    objectName: z.string().optional().describe('Only events about the object of this name.'),
    objectKind: z
      .string()
      .optional()
      .describe('Only events about objects of this type, e.g. "Pod", "deploy".'),
    type: z.enum(['Normal', 'Warning']).optional().describe('Only events of this type; "Warning": problems.'),
    limit: itemLimit('How many of the newest events to show.'),
    context: contextField,
  })
  .strict();

/** Events about denied kinds are left out: the kinds are resolved through discovery. */
async function deniedKinds(context: ToolContext, client: Target['client']): Promise<Set<string>> {
  if (context.settings.deniedResources.length === 0) return new Set();
  const resources = await client.resources();
  return new Set(
    resources
      .filter((resource) => isDenied(context.settings.deniedResources, resource))
      .map((resource) => `${apiVersionOf(resource)}/${resource.kind}`),
  );
}

export const eventsTool = defineTool({
  name: 'kubernetes_events',
  title: 'List Kubernetes events',
  description:
    'Recent events, newest first, like `kubectl events`: what the cluster did and what went wrong ' +
    '(FailedScheduling, BackOff, Unhealthy...).',
  inputSchema: eventsSchema,
  effect: READS_CLUSTER,
  async handler(args, context) {
    const target = await resolveTarget(context, { ...args, resourceType: 'events', apiGroup: '' }, 'read', {
      allNamespaces: args.allNamespaces,
    });
    let kind: string | undefined;
    if (args.objectKind) {
      const about = await target.client.resolve(args.objectKind);
      requireResourceAllowed(context.settings.deniedResources, about);
      kind = about.kind;
    }
    const fieldSelector = joinSelectors(
      args.objectName && `involvedObject.name=${args.objectName}`,
      kind && `involvedObject.kind=${kind}`,
      args.type && `type=${args.type}`,
    );
    const namespaces = args.allNamespaces ? namespacesInScope(context.settings) : undefined;
    const read = await readEvents(target, {
      ...(namespaces && { namespaces }),
      ...(fieldSelector && { fieldSelector }),
    });
    const denied = await deniedKinds(context, target.client);
    const visible = read.events.filter((event) => {
      const about = involvedObjectOf(event);
      return !denied.has(`${about.apiVersion}/${about.kind}`);
    });
    const hiddenNote =
      visible.length < read.events.length
        ? `(${read.events.length - visible.length} events about --denied-resources kinds left out)`
        : undefined;
    if (visible.length === 0) return { text: ['No events found.', hiddenNote].filter(Boolean).join('\n') };
    const shown = visible.slice(0, args.limit);
    const table = eventTable(shown, new Date(), { showNamespace: args.allNamespaces });
    const footer = [
      visible.length > shown.length
        ? `${visible.length - shown.length} older events not shown (raise limit).`
        : '',
      hiddenNote,
    ]
      .filter(Boolean)
      .join('\n');
    const hint = 'Filter with objectName, objectKind or type: "Warning", or lower limit.';
    return {
      text: limitOutput(
        { header: table.header, items: table.rows, ...(footer && { footer }) },
        context.settings.maxOutputBytes,
        hint,
      ).text,
    };
  },
});

// ---------------------------------------------------------------------------------------------
// kubernetes_api_resources

const apiResourcesSchema = z
  .object({
    apiGroup: z.string().optional().describe('Only this API group, e.g. "apps"; "" is the core group.'),
    namespaced: z
      .boolean()
      .optional()
      .describe('true: only namespaced types; false: only cluster-scoped ones.'),
    verb: z.string().optional().describe('Only types that support this verb, e.g. "patch".'),
    context: contextField,
  })
  .strict();

export const apiResourcesTool = defineTool({
  name: 'kubernetes_api_resources',
  title: 'List the resource types a cluster serves',
  description:
    'The resource types the cluster serves, like `kubectl api-resources`: names, short names, group, ' +
    'scope, kind. Use it to find a resourceType, custom resources included.',
  inputSchema: apiResourcesSchema,
  effect: READS_CLUSTER,
  async handler(args, context) {
    const client = clusterFor(context, args.context);
    const matching = (await client.resources()).filter(
      (resource) =>
        (args.apiGroup === undefined || resource.group === args.apiGroup) &&
        (args.namespaced === undefined || resource.namespaced === args.namespaced) &&
        (args.verb === undefined || resource.verbs.includes(args.verb)),
    );
    const allowed = matching.filter((resource) => !isDenied(context.settings.deniedResources, resource));
    const rows = allowed
      .sort((a, b) => a.plural.localeCompare(b.plural) || a.group.localeCompare(b.group))
      .map((resource) => [
        resource.plural,
        resource.shortNames.join(','),
        apiVersionOf(resource),
        String(resource.namespaced),
        resource.kind,
      ]);
    const table = textTable(['Name', 'ShortNames', 'ApiVersion', 'Namespaced', 'Kind'], rows);
    const denied = matching.length - allowed.length;
    const footer = denied > 0 ? `(${denied} types left out: denied by --denied-resources)` : undefined;
    return {
      text: limitOutput(
        { header: table.header, items: table.rows, ...(footer && { footer }) },
        context.settings.maxOutputBytes,
        'Filter with apiGroup, namespaced or verb.',
      ).text,
    };
  },
});

export const readTools = [listTool, getTool, describeTool, eventsTool, apiResourcesTool];

/** The object a get or describe names, with its kind and apiVersion (a single GET omits them for some types). */
async function readNamedObject(
  context: ToolContext,
  args: TargetArgs & { name: string },
): Promise<{ target: Target; object: KubeObject }> {
  const target = await resolveTarget(context, args, 'read');
  return { target, object: withKind(await target.request<KubeObject>({ name: args.name }), target.resource) };
}
