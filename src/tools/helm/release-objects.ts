import type { KubeObject } from '../../k8s/index.js';
import { TargetedFailure } from '../error-mapping.js';
import type { Target } from '../target.js';
import type { ToolContext } from '../tool-definition.js';
import { manifestObjects, resolveDocumentTarget } from '../writing/manifest.js';
import type { HelmRelease } from './release-codec.js';

// The objects a release revision rendered (its manifest; hooks are not part of it), and writing
// them as Helm 4 does: server-side apply under Helm's own field manager, so that a later `helm
// upgrade` finds the fields it owns, with the labels and annotations Helm stamps on what it owns.

/** Helm's field manager: a later `helm upgrade` owns what a rollback here wrote. */
export const HELM_FIELD_MANAGER = 'helm';
const APPLY_PATCH = 'application/apply-patch+yaml';
/** An object annotated so is left in place when Helm would delete it. */
const RESOURCE_POLICY = 'helm.sh/resource-policy';

function hasObjects(manifest: string): boolean {
  return manifest
    .split('\n')
    .some((line) => line.trim() !== '' && !line.startsWith('#') && line.trim() !== '---');
}

/** The objects of a revision, in the order Helm stored (and installs) them. */
export function manifestObjectsOf(release: HelmRelease): KubeObject[] {
  const manifest = release.manifest ?? '';
  return hasObjects(manifest) ? manifestObjects({ manifest }) : [];
}

/** Names an object across revisions: group, kind, namespace (the release's when it names none), name. */
export function objectKey(object: KubeObject, releaseNamespace: string): string {
  const group = (object.apiVersion ?? '').includes('/') ? (object.apiVersion ?? '').split('/')[0] : '';
  const namespace = object.metadata?.namespace ?? releaseNamespace;
  return `${group}/${object.kind}/${namespace}/${object.metadata?.name ?? ''}`;
}

/** `Deployment/web`, or `Deployment other/web` when in another namespace than the release. */
export function objectName(object: KubeObject, releaseNamespace: string): string {
  const namespace = object.metadata?.namespace;
  const where = namespace && namespace !== releaseNamespace ? ` (namespace ${namespace})` : '';
  return `${object.kind}/${object.metadata?.name ?? ''}${where}`;
}

export function isKept(object: KubeObject): boolean {
  return object.metadata?.annotations?.[RESOURCE_POLICY] === 'keep';
}

export interface ReleaseObjectCall {
  context: ToolContext;
  contextName: string | undefined;
  release: HelmRelease;
}

function targetOf(call: ReleaseObjectCall, object: KubeObject): Promise<Target> {
  const namespace = object.metadata?.namespace ?? call.release.namespace;
  return resolveDocumentTarget(call.context, call.contextName, namespace, object);
}

/** The object as Helm applies it: owned by the release, in its namespace when namespaced. */
function ownedByRelease(object: KubeObject, target: Target, release: HelmRelease): KubeObject {
  const metadata = object.metadata ?? {};
  return {
    ...object,
    metadata: {
      ...metadata,
      ...(target.namespace && { namespace: target.namespace }),
      labels: { ...metadata.labels, 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: {
        ...metadata.annotations,
        'meta.helm.sh/release-name': release.name,
        'meta.helm.sh/release-namespace': release.namespace,
      },
    },
  };
}

/** Applies one object; `dryRun` has the API server validate it and store nothing. */
export async function applyObject(
  call: ReleaseObjectCall,
  object: KubeObject,
  dryRun: boolean,
): Promise<void> {
  const target = await targetOf(call, object);
  await target.request({
    method: 'PATCH',
    name: object.metadata?.name ?? '',
    body: JSON.stringify(ownedByRelease(object, target, call.release)),
    contentType: APPLY_PATCH,
    query: { fieldManager: HELM_FIELD_MANAGER, force: true, ...(dryRun && { dryRun: 'All' }) },
  });
}

/** Deletes one object; one already gone is fine. */
export async function deleteObject(call: ReleaseObjectCall, object: KubeObject): Promise<void> {
  const target = await targetOf(call, object);
  try {
    await target.request({
      method: 'DELETE',
      name: object.metadata?.name ?? '',
      query: { propagationPolicy: 'Background' },
    });
  } catch (error) {
    if (!(error instanceof TargetedFailure && error.failure.status === 404)) throw error;
  }
}
