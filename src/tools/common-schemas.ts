import * as z from 'zod';

// The input fields most tools share, each described once so every tool explains it the same way.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const resourceType = z
  .string()
  .min(1)
  .describe(
    'The kind of object: a kind, plural or short name, e.g. "pods", "pod", "po", "Deployment", ' +
      '"deploy", "deployments.apps", "cronjobs", or a custom resource such as "widgets". ' +
      'Call kubernetes_api_resources to see every type the cluster serves.',
  );

export const apiGroup = z
  .string()
  .optional()
  .describe(
    'API group, only needed when two groups serve the same name, e.g. "apps", ' +
      '"networking.k8s.io", "" for the core group. Usually omitted.',
  );

export const namespace = z
  .string()
  .regex(DNS_LABEL, 'a namespace is a DNS label such as "team-a"')
  .max(63)
  .optional()
  .describe(
    'Namespace, e.g. "team-a" (default: the kubeconfig context\'s, else "default"). Ignored for ' +
      'cluster-scoped kinds.',
  );

/**
 * The same two fields described in a few words, for tools of the default tools/list (whose every byte
 * a model reads) that the longer words above would push over its budget. The namespace goes into
 * request paths encoded, so it needs no pattern here: the API server judges it.
 */
export const shortNamespace = z.string().min(1).optional().describe("Default: the context's.");
export const shortContext = z.string().min(1).optional().describe('Kubeconfig context.');

export const name = z
  .string()
  .min(1)
  .max(253)
  .describe('Name of the object, e.g. "web" or "api-7d4b9c-x2x9k".');

export const context = z
  .string()
  .min(1)
  .optional()
  .describe('Kubeconfig context for this call only, e.g. "staging" (default: the session\'s context).');

export const labelSelector = z
  .string()
  .optional()
  .describe('Label selector, as kubectl -l takes it, e.g. "app=web", "tier in (front,back),env!=dev".');

export const fieldSelector = z
  .string()
  .optional()
  .describe('Field selector, e.g. "status.phase=Running", "spec.nodeName=worker-1", "metadata.name=web".');

export const listOutput = z
  .enum(['table', 'slim', 'json', 'yaml'])
  .default('table')
  .describe(
    'How to show the items: "table" (default, the columns kubectl get shows, smallest), "slim" ' +
      '(each object as YAML without managedFields and other noise), "json" or "yaml" (whole objects).',
  );

export const objectOutput = z
  .enum(['slim', 'normal', 'full', 'yaml'])
  .default('slim')
  .describe(
    'How much of the object to show: "slim" (default, YAML without managedFields, the last-applied ' +
      'annotation, uid, resourceVersion and server-filled defaults), "normal" (JSON of everything but ' +
      'managedFields and the last-applied annotation), "full" (JSON of the object as served), or "yaml" ' +
      '(the normal view as YAML).',
  );

/** A manifest given as YAML/JSON text or as one object: the write tools accept either. */
export const manifestFields = {
  manifest: z
    .string()
    .min(1)
    .optional()
    .describe(
      'YAML or JSON text of one or more objects separated by "---", e.g. ' +
        '"apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: settings\\ndata:\\n  mode: fast". ' +
        'Give either manifest or object.',
    ),
  object: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'One object as JSON, e.g. {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},' +
        '"data":{"mode":"fast"}}. Give either manifest or object.',
    ),
};

export function requireOneManifest(
  args: { manifest?: string | undefined; object?: Record<string, unknown> | undefined },
  issue: z.RefinementCtx,
): void {
  if ((args.manifest === undefined) === (args.object === undefined)) {
    issue.addIssue({ code: 'custom', message: 'give exactly one of "manifest" (YAML text) or "object"' });
  }
}

/** How many items one answer holds: the Kubernetes page size, capped so that answers stay small. */
export function itemLimit(description: string) {
  return z.number().int().min(1).max(500).default(50).describe(description);
}
