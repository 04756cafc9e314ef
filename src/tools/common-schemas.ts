import * as z from 'zod';

// The input fields most tools share, each described once so every tool explains it the same way.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const resourceType = z
  .string()
  .min(1)
  .describe(
    'Kind, plural or short name, e.g. "pods", "Deployment", "deploy", or a custom resource (see ' +
      'kubernetes_api_resources).',
  );

export const apiGroup = z
  .string()
  .optional()
  .describe('API group, only when two groups serve the name, e.g. "apps"; "" is the core group.');

export const namespace = z
  .string()
  .regex(DNS_LABEL, 'a namespace is a DNS label such as "team-a"')
  .max(63)
  .optional()
  .describe("Namespace (default: the context's). Ignored for cluster-scoped kinds.");

export const name = z.string().min(1).max(253).describe('Object name, e.g. "web".');

export const context = z.string().min(1).optional().describe('Kubeconfig context for this call only.');

export const labelSelector = z
  .string()
  .optional()
  .describe('Label selector as for kubectl -l, e.g. "app=web,env!=dev".');

export const fieldSelector = z
  .string()
  .optional()
  .describe('Field selector, e.g. "status.phase=Running" or "spec.nodeName=worker-1".');

export const listOutput = z
  .enum(['table', 'slim', 'json', 'yaml'])
  .default('table')
  .describe(
    '"table": kubectl get\'s columns (smallest); "slim": objects as YAML without noise; "json"/"yaml": whole objects.',
  );

export const objectOutput = z
  .enum(['slim', 'normal', 'full', 'yaml'])
  .default('slim')
  .describe(
    '"slim": YAML without managedFields, last-applied, uid, resourceVersion, defaults; "normal": JSON ' +
      'without managedFields, last-applied; "full": JSON as served; "yaml": normal as YAML.',
  );

/** A manifest given as YAML/JSON text or as one object: the write tools accept either. */
export const manifestFields = {
  manifest: z
    .string()
    .min(1)
    .optional()
    .describe('YAML or JSON text of one or more objects separated by "---". Give manifest or object.'),
  object: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'One object, e.g. {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}. Give manifest or object.',
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
