import * as z from 'zod';
import type { KubeObject } from '../../k8s/index.js';
import { limitOutput, toYaml, viewObject } from '../../output/index.js';
import {
  apiGroup,
  context as contextField,
  manifestFields,
  name,
  namespace,
  requireOneManifest,
  resourceType,
} from '../common-schemas.js';
import { defineTool } from '../define-tool.js';
import { isCallFailure, toolError, UsageError } from '../error-mapping.js';
import { objectLabel } from '../resource-names.js';
import { resolveTarget, type Target, whereOf } from '../target.js';
import type { ToolContext, ToolResult } from '../tool-definition.js';
import { writes } from '../tool-effect.js';
import { dryRunNote, FIELD_MANAGER, STRICT_FIELDS, writeQuery } from '../write-request.js';
import { manifestObjects, resolveDocumentTarget } from './manifest.js';

// The tools that change objects: create, apply (server-side), patch, delete and scale.

const APPLY_PATCH = 'application/apply-patch+yaml';
const PATCH_MEDIA_TYPES = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
} as const;

function shortObject(object: KubeObject, context: ToolContext, hint: string): string {
  return limitOutput(
    { items: toYaml(viewObject(object, 'slim')).trimEnd().split('\n') },
    context.settings.maxOutputBytes,
    hint,
  ).text;
}

// ---------------------------------------------------------------------------------------------
// One target per manifest document

const manifestNamespace = namespace.describe(
  'Namespace for documents that name none, e.g. "team-a". A document naming another namespace is refused.',
);

async function documentTarget(
  context: ToolContext,
  args: { context?: string | undefined; namespace?: string | undefined },
  document: KubeObject,
): Promise<{ target: Target; body: KubeObject }> {
  const ownNamespace = document.metadata?.namespace;
  if (ownNamespace && args.namespace && ownNamespace !== args.namespace) {
    throw new UsageError(
      `${document.kind} "${document.metadata?.name}" names namespace "${ownNamespace}" but the call says ` +
        `"${args.namespace}"; drop one of them.`,
    );
  }
  const target = await resolveDocumentTarget(context, args.context, ownNamespace ?? args.namespace, document);
  const metadata = { ...document.metadata, ...(target.namespace && { namespace: target.namespace }) };
  return { target, body: { ...document, metadata } };
}

/** Runs `write` for every document, reporting each: one failing document does not stop the others. */
async function writeEachDocument(
  context: ToolContext,
  args: {
    context?: string | undefined;
    namespace?: string | undefined;
    manifest?: string;
    object?: Record<string, unknown>;
  },
  tool: string,
  write: (target: Target, body: KubeObject) => Promise<string>,
): Promise<ToolResult> {
  const lines: string[] = [];
  let failed = 0;
  for (const document of manifestObjects(args)) {
    const label = `${document.kind}/${document.metadata?.name ?? document.metadata?.generateName ?? ''}`;
    try {
      const { target, body } = await documentTarget(context, args, document);
      lines.push(await write(target, body));
    } catch (error) {
      if (!isCallFailure(error)) throw error;
      failed += 1;
      lines.push(`${label} failed: ${toolError(error, { tool, resourceType: document.kind ?? '' }).text}`);
    }
  }
  return { text: lines.join('\n') + dryRunNote(context), ...(failed > 0 && { isError: true }) };
}

function namespaceSuffix(target: Target): string {
  return target.namespace ? ` in namespace ${target.namespace}` : '';
}

// ---------------------------------------------------------------------------------------------
// kubernetes_create

const createSchema = z
  .object({ ...manifestFields, namespace: manifestNamespace, context: contextField })
  .strict()
  .superRefine(requireOneManifest);

export const createTool = defineTool({
  name: 'kubernetes_create',
  title: 'Create Kubernetes objects',
  description:
    'Create new objects from YAML/JSON (several documents allowed), like `kubectl create -f`. Fails for ' +
    'objects that exist: kubernetes_apply creates or updates. metadata.generateName works.',
  inputSchema: createSchema,
  effect: writes({ destructive: false, idempotent: false }),
  handler: (args, context) =>
    writeEachDocument(context, args, 'kubernetes_create', async (target, body) => {
      const created = await target.request<KubeObject>({
        method: 'POST',
        body,
        query: writeQuery(context, STRICT_FIELDS),
      });
      const label = objectLabel(target.resource, created.metadata?.name ?? '');
      return `${label} created${namespaceSuffix(target)}`;
    }),
});

// ---------------------------------------------------------------------------------------------
// kubernetes_apply

const applySchema = z
  .object({
    ...manifestFields,
    namespace: manifestNamespace,
    force: z
      .boolean()
      .default(false)
      .describe('Take over fields other managers own instead of failing with a conflict; only after one.'),
    context: contextField,
  })
  .strict()
  .superRefine(requireOneManifest);

export const applyTool = defineTool({
  name: 'kubernetes_apply',
  title: 'Apply Kubernetes objects (server-side apply)',
  description:
    'Create or update objects with server-side apply (field manager "mcp-kubernetes"), like `kubectl ' +
    'apply --server-side -f`. Give whole desired objects: fields this manager set before and you leave ' +
    'out are removed, fields others own are kept.',
  inputSchema: applySchema,
  effect: writes({ destructive: true, idempotent: true }),
  handler: (args, context) =>
    writeEachDocument(context, args, 'kubernetes_apply', async (target, body) => {
      const objectName = body.metadata?.name;
      if (!objectName) throw new UsageError('Server-side apply needs metadata.name (not generateName).');
      await target.request<KubeObject>({
        method: 'PATCH',
        name: objectName,
        body: JSON.stringify(body),
        contentType: APPLY_PATCH,
        query: writeQuery(context, {
          fieldManager: FIELD_MANAGER,
          ...STRICT_FIELDS,
          ...(args.force && { force: true }),
        }),
      });
      return `${objectLabel(target.resource, objectName)} serverside-applied${namespaceSuffix(target)}`;
    }),
});

// ---------------------------------------------------------------------------------------------
// kubernetes_patch

const jsonPatchOperation = z
  .object({
    op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']).describe('The operation.'),
    path: z.string().describe('JSON pointer to the field, e.g. "/spec/replicas" or "/metadata/labels/tier".'),
    value: z.unknown().optional().describe('The value, for add, replace and test.'),
    from: z.string().optional().describe('The source pointer, for move and copy.'),
  })
  .strict();

const patchSchema = z
  .object({
    resourceType,
    apiGroup,
    name,
    namespace,
    patchType: z
      .enum(['strategic', 'merge', 'json'])
      .default('strategic')
      .describe(
        '"strategic": like kubectl patch, lists such as containers merge by name (built-in kinds only); ' +
          '"merge": RFC 7386, lists are replaced; "json": RFC 6902 operations.',
      ),
    patch: z
      .union([z.record(z.string(), z.unknown()), z.array(jsonPatchOperation).min(1)])
      .describe(
        'For strategic/merge: an object with the fields to change, e.g. {"spec":{"replicas":2}} or ' +
          '{"metadata":{"labels":{"tier":"web"}}}; null deletes a field. For json: an ARRAY of operations, ' +
          'e.g. [{"op":"replace","path":"/spec/replicas","value":2}].',
      ),
    context: contextField,
  })
  .strict()
  .superRefine((args, issue) => {
    if ((args.patchType === 'json') !== Array.isArray(args.patch)) {
      issue.addIssue({
        code: 'custom',
        path: ['patch'],
        message:
          args.patchType === 'json'
            ? 'with patchType "json" the patch is an array of operations'
            : `with patchType "${args.patchType}" the patch is an object ` +
              '(use patchType "json" for operations)',
      });
    }
  });

export const patchTool = defineTool({
  name: 'kubernetes_patch',
  title: 'Patch a Kubernetes object',
  description:
    'Change some fields of one existing object, like `kubectl patch`, and return the result (slim YAML). ' +
    'Use for small edits (labels, image, replicas, env); use kubernetes_apply for whole manifests.',
  inputSchema: patchSchema,
  effect: writes({ destructive: true, idempotent: false }),
  async handler(args, context) {
    const target = await resolveTarget(context, args, 'write');
    const patched = await target.request<KubeObject>({
      method: 'PATCH',
      name: args.name,
      body: args.patch,
      contentType: PATCH_MEDIA_TYPES[args.patchType],
      query: writeQuery(context, { fieldManager: FIELD_MANAGER, ...STRICT_FIELDS }),
    });
    const label = objectLabel(target.resource, args.name);
    const object = shortObject(patched, context, 'Read it with kubernetes_get.');
    return { text: `${label} patched${namespaceSuffix(target)}${dryRunNote(context)}\n${object}` };
  },
});

// ---------------------------------------------------------------------------------------------
// kubernetes_delete

const deleteSchema = z
  .object({
    resourceType,
    apiGroup,
    name,
    namespace,
    propagationPolicy: z
      .enum(['Background', 'Foreground', 'Orphan'])
      .default('Background')
      .describe(
        'Dependents (a Deployment\'s ReplicaSets and pods): "Background" deletes them after the object, ' +
          '"Foreground" before, "Orphan" keeps them.',
      ),
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Seconds pods get to shut down (default: the object's own); 0 deletes at once."),
    context: contextField,
  })
  .strict();

export const deleteTool = defineTool({
  name: 'kubernetes_delete',
  title: 'Delete a Kubernetes object',
  description:
    'Delete one object by type and name, like `kubectl delete <type> <name>`. Deleting a namespace deletes ' +
    'everything in it. Deleting a pod owned by a Deployment or Job only replaces it.',
  inputSchema: deleteSchema,
  confirmation: (args) =>
    `Delete ${args.resourceType} "${args.name}" ${whereOf(args)}` +
    (args.resourceType.startsWith('namespace') || args.resourceType === 'ns' ? ', and everything in it' : ''),
  effect: writes({ destructive: true, idempotent: true }),
  async handler(args, context) {
    const target = await resolveTarget(context, args, 'write');
    await target.request({
      method: 'DELETE',
      name: args.name,
      query: writeQuery(context, {
        propagationPolicy: args.propagationPolicy,
        gracePeriodSeconds: args.gracePeriodSeconds,
      }),
    });
    const label = objectLabel(target.resource, args.name);
    return { text: `${label} deleted${namespaceSuffix(target)}${dryRunNote(context)}` };
  },
});

// ---------------------------------------------------------------------------------------------
// kubernetes_scale

const scaleSchema = z
  .object({
    resourceType: resourceType
      .default('deployments')
      .describe('A kind with a scale subresource: "deployments", "statefulsets", "replicasets", or a CRD.'),
    apiGroup,
    name,
    namespace,
    replicas: z.number().int().min(0).describe('The desired number of replicas, e.g. 3; 0 stops every pod.'),
    context: contextField,
  })
  .strict();

interface Scale extends KubeObject {
  spec?: { replicas?: number };
  status?: { replicas?: number };
}

export const scaleTool = defineTool({
  name: 'kubernetes_scale',
  title: 'Scale a workload',
  description:
    'Set the replica count of a deployment, statefulset, replicaset or scalable custom resource, like ' +
    '`kubectl scale`. Follow the rollout with kubernetes_rollout action "status".',
  inputSchema: scaleSchema,
  effect: writes({ destructive: true, idempotent: true }),
  async handler(args, context) {
    const target = await resolveTarget(context, args, 'write');
    if (!target.resource.subresources.includes('scale')) {
      throw new UsageError(
        `${target.resource.plural} cannot be scaled (no scale subresource); ` +
          'scale deployments, statefulsets, ' +
          'replicasets or a custom resource that declares one.',
      );
    }
    const before = await target.request<Scale>({ name: args.name, subresource: 'scale' });
    await target.request<Scale>({
      method: 'PATCH',
      name: args.name,
      subresource: 'scale',
      body: { spec: { replicas: args.replicas } },
      contentType: PATCH_MEDIA_TYPES.merge,
      query: writeQuery(context, { fieldManager: FIELD_MANAGER }),
    });
    const label = objectLabel(target.resource, args.name);
    return {
      text:
        `${label} scaled from ${before.spec?.replicas ?? 0} to ${args.replicas} replicas` +
        namespaceSuffix(target) +
        dryRunNote(context),
    };
  },
});

export const writeTools = [createTool, applyTool, patchTool, deleteTool, scaleTool];
