import * as z from 'zod';
import { context as contextField, namespace } from '../common-schemas.js';
import { defineTool } from '../define-tool.js';
import { UsageError } from '../error-mapping.js';
import { textTableString } from '../text-table.js';
import { forwardsPorts } from '../tool-effect.js';
import { forwardTarget } from './forward-target.js';
import type { ForwardView } from './port-forwards.js';

// kubernetes_port_forward, _list and _stop: the forwards of the calling MCP session, which no other
// session sees. Descriptions stay short: every byte of tools/list is read by the model.

const port = z.number().int().min(1).max(65_535);

const startSchema = z
  .object({
    name: z.string().min(1).describe('Pod, deployment or service, e.g. "web".'),
    resourceType: z.string().default('pods').describe('"pods", "deployments", "services"...'),
    port: port.describe('Pod port (of a service: a service port), e.g. 80.'),
    localPort: z.number().int().min(0).max(65_535).default(0).describe('0: any free port.'),
    namespace: namespace.describe("Default: the context's."),
    context: contextField.describe("Default: the session's."),
  })
  .strict();

function where(forward: ForwardView): string {
  return `${forward.namespace}/${forward.pod}:${forward.remotePort}`;
}

export const portForwardTool = defineTool({
  name: 'kubernetes_port_forward',
  title: 'Port-forward to a pod',
  description:
    "Like kubectl port-forward: listens on 127.0.0.1 of the server's machine, returns that address and " +
    'an id. Ends when stopped or with this session.',
  inputSchema: startSchema,
  effect: forwardsPorts('start'),
  async handler(args, context) {
    const target = await forwardTarget(context, args);
    const timeoutMs = context.settings.requestTimeoutMs;
    // Opening one tunnel first checks what a listener could not tell until its first connection:
    // that the caller may forward to this pod (RBAC create pods/portforward) and that it exists.
    (await target.pods.portForward({ pod: target.pod, port: target.podPort, timeoutMs })).destroy();
    const end = {
      client: target.pods.client,
      namespace: target.pods.namespace ?? 'default',
      pod: target.pod,
      remotePort: target.podPort,
      timeoutMs,
    };
    const forward = await context.portForwards
      .of(context.session)
      .start(end, args.localPort, { target: target.named, context: target.pods.client.contextName });
    return {
      text:
        `Forwarding ${forward.localAddress} -> ${where(forward)} (${forward.target}), id ${forward.id}. ` +
        'The address is on the machine this server runs on; it closes with kubernetes_port_forward_stop or when this MCP session ends.',
    };
  },
});

export const portForwardListTool = defineTool({
  name: 'kubernetes_port_forward_list',
  title: 'List port forwards',
  description: "This session's port forwards, with connections and last error.",
  inputSchema: z.object({}).strict(),
  effect: forwardsPorts('list'),
  async handler(_args, context) {
    const forwards = context.portForwards.of(context.session).list();
    if (forwards.length === 0) return { text: 'No port forwards in this session.' };
    const rows = forwards.map((forward) => [
      forward.id,
      forward.localAddress,
      where(forward),
      forward.target,
      `${forward.activity.open}/${forward.activity.total}`,
      forward.activity.lastError
        ? `${forward.activity.lastError.at.toISOString()} ${forward.activity.lastError.message}`
        : '',
    ]);
    return { text: textTableString(['ID', 'LOCAL', 'POD:PORT', 'TARGET', 'OPEN/TOTAL', 'LAST ERROR'], rows) };
  },
});

export const portForwardStopTool = defineTool({
  name: 'kubernetes_port_forward_stop',
  title: 'Stop port forwards',
  description: 'Stop one port forward of this session by id, or all of them; their local ports close.',
  inputSchema: z.object({ id: z.string().min(1).optional().describe('E.g. "pf-1"; omitted: all.') }).strict(),
  effect: forwardsPorts('stop'),
  async handler(args, context) {
    const forwards = context.portForwards.of(context.session);
    if (args.id === undefined) {
      const stopped = await forwards.stopAll();
      if (stopped.length === 0) return { text: 'No port forwards in this session: nothing to stop.' };
      return {
        text: `Stopped ${stopped.map((forward) => `${forward.id} (${forward.localAddress})`).join(', ')}.`,
      };
    }
    const stopped = await forwards.stop(args.id);
    if (!stopped) {
      const ids = forwards.list().map((forward) => forward.id);
      throw new UsageError(
        `This session has no port forward "${args.id}" (${ids.length > 0 ? `its ids: ${ids.join(', ')}` : 'it has none'}).`,
      );
    }
    return { text: `Stopped ${stopped.id}: ${stopped.localAddress} -> ${where(stopped)} is closed.` };
  },
});

export const portForwardTools = [portForwardTool, portForwardListTool, portForwardStopTool];
