// ControllerRevisions: the template snapshots that StatefulSets and DaemonSets roll between.
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './controller.js';
import { CONTROLLER_REVISIONS, controllerReference, isControlledBy, nameOf, sameContent } from './objects.js';
import { computeHash } from './template-hash.js';

type Template = { metadata?: { labels?: Record<string, string> } } & Record<string, unknown>;

export function templateOf(owner: KubeObject): Template {
  return ((owner.spec as { template?: Template } | undefined)?.template ?? {}) as Template;
}

/** The revision's data is the strategic-merge patch that puts this template back in place. */
function revisionData(template: Template) {
  return { spec: { template: { ...template, $patch: 'replace' } } };
}

function revisionTemplate(revision: KubeObject): Template {
  const { $patch: _patch, ...template } = ((revision.data as { spec?: { template?: Template } } | undefined)
    ?.spec?.template ?? {}) as Template & { $patch?: string };
  return template;
}

function revisionNumber(revision: KubeObject): number {
  return Number(revision.revision ?? 0);
}

/**
 * The owner's revision for its current template: an existing one with the same template (renumbered as the
 * latest when an old template comes back), or a new `<owner>-<hash>` labelled with the hash under `hashLabel`.
 */
export function currentRevision(
  context: ControllerContext,
  owner: KubeObject,
  hashLabel: string,
): KubeObject {
  const { cluster, writer } = context;
  const revisions = cluster.store
    .list(CONTROLLER_REVISIONS, owner.metadata.namespace)
    .filter((revision) => isControlledBy(revision, owner));
  const template = templateOf(owner);
  const latest = Math.max(0, ...revisions.map(revisionNumber));
  const matching = revisions.find((revision) => sameContent(revisionTemplate(revision), template));
  if (matching) {
    if (revisionNumber(matching) === latest) return matching;
    return writer.update(CONTROLLER_REVISIONS, matching, { ...matching, revision: latest + 1 });
  }
  const collisionCount = (owner.status as { collisionCount?: number } | undefined)?.collisionCount ?? 0;
  const data = revisionData(template);
  const hash = computeHash(data, collisionCount);
  return writer.create(CONTROLLER_REVISIONS, {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${nameOf(owner)}-${hash}`,
      namespace: owner.metadata.namespace,
      labels: { ...template.metadata?.labels, [hashLabel]: hash },
      ownerReferences: [controllerReference(owner)],
    },
    data,
    revision: latest + 1,
  });
}

/** Old revisions beyond revisionHistoryLimit go, oldest first; `inUse` names the ones pods still run. */
export function pruneRevisions(context: ControllerContext, owner: KubeObject, inUse: Set<string>): void {
  const limit = (owner.spec as { revisionHistoryLimit?: number } | undefined)?.revisionHistoryLimit ?? 10;
  const stale = context.cluster.store
    .list(CONTROLLER_REVISIONS, owner.metadata.namespace)
    .filter((revision) => isControlledBy(revision, owner) && !inUse.has(nameOf(revision)))
    .sort((a, b) => revisionNumber(a) - revisionNumber(b));
  for (const revision of stale.slice(0, Math.max(0, stale.length - limit))) {
    context.writer.delete(CONTROLLER_REVISIONS, revision.metadata.namespace ?? '', nameOf(revision));
  }
}
