import type { KubeList, KubeObject } from '../../k8s/index.js';
import { UsageError } from '../error-mapping.js';
import { resolveTarget } from '../target.js';
import type { ToolContext } from '../tool-definition.js';
import { workloadSelector } from '../workload-pods.js';

// A workload's revisions, as kubectl rollout history finds them: a Deployment's ReplicaSets
// (revision in an annotation), a StatefulSet's or DaemonSet's ControllerRevisions.

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

export interface Revision {
  revision: number;
  changeCause?: string;
  /** The pod template: a ReplicaSet's spec.template, or the template inside a ControllerRevision's data. */
  template?: KubeObject;
  /** What to send to go back: the ControllerRevision's data (a strategic merge patch). */
  patch?: unknown;
}

function ownedBy(workload: KubeObject) {
  return (object: KubeObject) =>
    (object.metadata?.ownerReferences ?? []).some(
      (owner) => owner.controller === true && owner.uid === workload.metadata?.uid,
    );
}

function replicaSetRevision(replicaSet: KubeObject): Revision {
  const annotations = replicaSet.metadata?.annotations ?? {};
  const changeCause = annotations[CHANGE_CAUSE_ANNOTATION];
  const template = (replicaSet.spec as { template?: KubeObject } | undefined)?.template;
  return {
    revision: Number(annotations[REVISION_ANNOTATION] ?? 0),
    ...(changeCause && { changeCause }),
    ...(template && { template }),
  };
}

function controllerRevision(revision: KubeObject): Revision {
  const data = (revision as { data?: { spec?: { template?: KubeObject } } }).data;
  const changeCause = revision.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION];
  return {
    revision: Number((revision as { revision?: number }).revision ?? 0),
    ...(changeCause && { changeCause }),
    ...(data?.spec?.template && { template: data.spec.template }),
    patch: data,
  };
}

/** The workload's revisions, oldest first. */
export async function listRevisions(
  context: ToolContext,
  contextName: string | undefined,
  workload: KubeObject,
): Promise<Revision[]> {
  const isDeployment = workload.kind === 'Deployment';
  const holder = await resolveTarget(
    context,
    {
      context: contextName,
      resourceType: isDeployment ? 'replicasets' : 'controllerrevisions',
      apiGroup: 'apps',
      namespace: workload.metadata?.namespace,
    },
    'read',
  );
  const selector = workloadSelector(workload);
  const list = await holder.request<KubeList>({ query: { ...(selector && { labelSelector: selector }) } });
  const owned = list.items.filter(ownedBy(workload));
  return owned
    .map(isDeployment ? replicaSetRevision : controllerRevision)
    .sort((a, b) => a.revision - b.revision);
}

/** The revision `toRevision` names, or (0 / undefined) the one before the current. */
export function revisionToRestore(revisions: Revision[], toRevision: number | undefined): Revision {
  if (revisions.length === 0) throw new UsageError('no rollout history found');
  if (toRevision) {
    const wanted = revisions.find((revision) => revision.revision === toRevision);
    if (!wanted) {
      const known = revisions.map((revision) => revision.revision).join(', ');
      throw new UsageError(`unable to find revision ${toRevision} (revisions: ${known})`);
    }
    return wanted;
  }
  const previous = revisions.at(-2);
  if (!previous) throw new UsageError('no previous revision to roll back to');
  return previous;
}
