import * as z from 'zod';
import type { KubeObject } from '../../k8s/index.js';
import { context as contextField, namespace } from '../common-schemas.js';
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
const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const httpGetSchema = z
  .object({
    kind: z.enum(['service', 'pod']).describe('What to call.'),
    name: z.string().regex(DNS_NAME, 'a DNS name such as "web"').max(253).describe('Its name.'),
    namespace,
    port: z
      .union([z.number().int().min(1).max(65535), z.string().regex(PORT_NAME).max(15)])
      .optional()
      .describe("Number or name (default: the service's first port, the pod's first container port)."),
    path: z.string().max(2048).default('/').describe('e.g. "/healthz".'),
    query: z.record(z.string(), z.string()).optional().describe('Query parameters.'),
    scheme: z.enum(['http', 'https']).optional(),
    context: contextField,
  })
  .strict();

type HttpGetArgs = z.infer<typeof httpGetSchema>;

interface Service extends KubeObject {
  spec?: { ports?: { port: number; name?: string }[] };
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
  title: 'HTTP GET a service or pod',
  description:
    "HTTP GET to a service or pod through the API server proxy (caller's RBAC). Returns status, safe " +
    'headers and the body as text, size-capped.',
  inputSchema: httpGetSchema,
  effect: READS_CLUSTER,
  async handler(args, context: ToolContext) {
    const path = proxiedPath(args.path);
    const target = await resolveTarget(
      context,
      { ...args, resourceType: args.kind === 'service' ? 'services' : 'pods', apiGroup: '' },
      'read',
    );
    const port = args.port ?? (args.kind === 'service' ? await servicePort(target, args.name) : undefined);
    const id = proxyId(args.name, port, args.scheme);
    const maxBytes = context.settings.httpGetMaxBytes;
    try {
      const answer = await target.proxyGet({
        name: args.name,
        id,
        path,
        ...(args.query && { query: args.query }),
        maxBytes,
      });
      const what = `GET ${args.kind} ${target.namespace}/${id} ${path}`;
      return { text: answerText(answer, what, maxBytes) };
    } catch (error) {
      const status = error instanceof TargetedFailure ? error.failure.status : undefined;
      if (error instanceof TargetedFailure && status !== undefined && status >= 500)
        throw unreachable(error, args);
      throw error;
    }
  },
});
