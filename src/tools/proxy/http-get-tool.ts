import * as z from 'zod';
import type { KubeObject } from '../../k8s/index.js';
import { context, namespace } from '../common-schemas.js';
import { defineTool } from '../define-tool.js';
import { TargetedFailure, UsageError } from '../error-mapping.js';
import { resolveTarget, type Target } from '../target.js';
import type { ToolContext } from '../tool-definition.js';
import { READS_CLUSTER } from '../tool-effect.js';
import { answerText } from './proxied-answer.js';
import { proxiedPath, proxyId } from './proxy-path.js';

// kubernetes_http_get: a GET to a service or pod through the API server's proxy subresource, so it
// works from anywhere the API server is reachable and only as far as the caller's RBAC allows
// (get on services/proxy or pods/proxy). No header of the caller's is sent.

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** IANA service names, as container and service ports are named. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

// Terse descriptions: this tool is in the default tools/list, whose every byte a model reads. The
// name and port go into the proxy URL as they are: they are checked in the handler (checkTarget).
const httpGetSchema = z
  .object({
    kind: z.enum(['service', 'pod']).describe('What to call.'),
    name: z.string().min(1).describe('Its name.'),
    namespace: namespace,
    port: z.union([z.number(), z.string()]).optional().describe('Number or name. Default: the first.'),
    path: z.string().max(2048).default('/').describe('e.g. "/healthz?verbose=1".'),
    scheme: z.enum(['http', 'https']).optional().describe('Default: http.'),
    context: context,
  })
  .strict();

type HttpGetArgs = z.infer<typeof httpGetSchema>;

interface Service extends KubeObject {
  spec?: { ports?: { port: number; name?: string }[] };
}

/** Name and port as the proxy URL may carry them, so that they cannot change where it goes. */
function checkTarget(args: HttpGetArgs): void {
  if (!DNS_NAME.test(args.name) || args.name.length > 253)
    throw new UsageError(`name must be a ${args.kind} name such as "web", not "${args.name}".`);
  const { port } = args;
  const validPort =
    port === undefined ||
    (typeof port === 'number' ? Number.isInteger(port) && port >= 1 && port <= 65535 : PORT_NAME.test(port));
  if (!validPort)
    throw new UsageError(
      `port must be a number from 1 to 65535 or a port name such as "http", not ${JSON.stringify(port)}.`,
    );
}

/**
 * The proxy reaches only a service's unnamed port without one: without a port, the service's first
 * port (what a person means by "the service").
 */
async function servicePort(target: Target, name: string): Promise<number> {
  const service = await target.request<Service>({ name });
  const port = service.spec?.ports?.[0]?.port;
  if (port === undefined) throw new UsageError(`Service "${name}" has no ports to call.`);
  return port;
}

/** The API server could not reach the target (503 and the like): what it said, and what to check. */
function unreachable(error: TargetedFailure, args: HttpGetArgs): UsageError {
  const check =
    args.kind === 'service'
      ? 'Check that the service has ready pods behind that port (kubernetes_describe the service and its pods).'
      : 'Check that the pod is Running and listens on that port (kubernetes_describe the pod).';
  return new UsageError(
    `The API server could not reach ${args.kind} "${args.name}": ${error.failure.message} ` +
      `(HTTP ${error.failure.status}). ${check}`,
  );
}

export const httpGetTool = defineTool({
  name: 'kubernetes_http_get',
  title: 'HTTP GET via proxy',
  description: 'GET a service or pod through the API server proxy: status, safe headers, capped body.',
  inputSchema: httpGetSchema,
  effect: READS_CLUSTER,
  async handler(args, context: ToolContext) {
    checkTarget(args);
    const path = proxiedPath(args.path);
    const target = await resolveTarget(
      context,
      { ...args, resourceType: args.kind === 'service' ? 'services' : 'pods', apiGroup: '' },
      'read',
    );
    const port = args.port ?? (args.kind === 'service' ? await servicePort(target, args.name) : undefined);
    const id = proxyId(args.name, port, args.scheme);
    // Never beyond what any tool may answer (--max-output-bytes).
    const maxBytes = Math.min(context.settings.httpGetMaxBytes, context.settings.maxOutputBytes);
    try {
      const answer = await target.proxyGet({
        name: args.name,
        id,
        path,
        maxBytes,
      });
      // The path without its query, which may be long or hold what the caller would rather not see again.
      const what = `GET ${args.kind} ${target.namespace}/${id} ${path.split('?')[0]}`;
      return { text: answerText(answer, what, maxBytes) };
    } catch (error) {
      const status = error instanceof TargetedFailure ? error.failure.status : undefined;
      if (error instanceof TargetedFailure && status !== undefined && status >= 500)
        throw unreachable(error, args);
      throw error;
    }
  },
});
