import type { KubeObject } from '../../k8s/index.js';
import { isCallFailure, toolError, UsageError } from '../error-mapping.js';
import type { ToolResult } from '../tool-definition.js';
import type { HelmRelease } from './release-codec.js';
import { checkHooks, ROLLBACK_HOOK_EVENTS } from './release-hooks.js';
import {
  applyObject,
  deleteObject,
  isKept,
  manifestObjectsOf,
  objectKey,
  objectName,
  type ReleaseObjectCall,
} from './release-objects.js';
import type { ReleaseStore, StoredRelease } from './release-store.js';

// `helm rollback`, step for step as Helm does it: a new revision copied from the target one is
// recorded as pending-rollback; the target's objects are applied and those the current revision
// has and the target lacks are deleted; then every deployed revision becomes superseded and the
// new one deployed. A failure records the new revision as failed, as Helm does.

export interface ReleaseWriteOptions {
  name: string;
  skipHooks: boolean;
  /** Only say what would happen. */
  preview: boolean;
  /** --dry-run: the objects are sent with dryRun=All, so the API server validates them. */
  validate: boolean;
}

interface RollbackPlan {
  current: StoredRelease;
  target: HelmRelease;
  apply: KubeObject[];
  remove: KubeObject[];
  hooksNote: string | undefined;
}

function targetRevision(history: StoredRelease[], wanted: number | undefined): HelmRelease {
  const current = history[history.length - 1] as StoredRelease;
  const version = wanted ?? current.release.version - 1;
  const found = history.find((stored) => stored.release.version === version);
  if (!found) {
    const versions = history.map((stored) => stored.release.version).join(', ');
    throw new UsageError(
      `Helm release "${current.release.name}" has no revision ${version} to roll back to (its revisions: ` +
        `${versions}). Give revision: one of those.`,
    );
  }
  return found.release;
}

async function planRollback(
  store: ReleaseStore,
  options: ReleaseWriteOptions,
  revision: number | undefined,
): Promise<RollbackPlan> {
  const history = await store.history(options.name);
  const current = history[history.length - 1] as StoredRelease;
  const target = targetRevision(history, revision);
  const hooksNote = checkHooks(target, ROLLBACK_HOOK_EVENTS, 'rollback', options.skipHooks);
  const apply = manifestObjectsOf(target);
  const kept = new Set(apply.map((object) => objectKey(object, target.namespace)));
  const remove = manifestObjectsOf(current.release)
    .filter((object) => !kept.has(objectKey(object, current.release.namespace)) && !isKept(object))
    .reverse();
  return { current, target, apply, remove, hooksNote };
}

function rolledBack(plan: RollbackPlan, newVersion: number): HelmRelease {
  const { target, current } = plan;
  return {
    ...target,
    version: newVersion,
    info: {
      ...target.info,
      first_deployed: current.release.info.first_deployed ?? target.info.first_deployed ?? '',
      last_deployed: new Date().toISOString(),
      status: 'pending-rollback',
      description: `Rollback to ${target.version}`,
    },
    // Helm 4 records how the objects were written; they were server-side applied.
    ...('apply_method' in target && { apply_method: 'ssa' }),
  };
}

function planLines(plan: RollbackPlan, releaseNamespace: string, done: boolean): string[] {
  return [
    ...plan.apply.map((object) => `${done ? 'applied' : 'apply'} ${objectName(object, releaseNamespace)}`),
    ...plan.remove.map((object) => `${done ? 'deleted' : 'delete'} ${objectName(object, releaseNamespace)}`),
  ];
}

async function writeObjects(call: ReleaseObjectCall, plan: RollbackPlan): Promise<void> {
  for (const object of plan.apply) await applyObject(call, object, false);
  for (const object of plan.remove) await deleteObject({ ...call, release: plan.current.release }, object);
}

export async function rollbackRelease(
  call: Omit<ReleaseObjectCall, 'release'>,
  store: ReleaseStore,
  options: ReleaseWriteOptions,
  revision: number | undefined,
): Promise<ToolResult> {
  const plan = await planRollback(store, options, revision);
  const label = `Helm release ${store.namespace}/${options.name}`;
  const newVersion = plan.current.release.version + 1;
  const objectCall = { ...call, release: plan.target };
  if (options.preview) {
    if (options.validate) for (const object of plan.apply) await applyObject(objectCall, object, true);
    return {
      text: [
        `Dry run: rolling back ${label} to revision ${plan.target.version} would record revision ${newVersion} and:`,
        ...planLines(plan, store.namespace, false),
        ...(plan.hooksNote ? [plan.hooksNote] : []),
      ].join('\n'),
    };
  }
  const pending = await store.create(rolledBack(plan, newVersion), plan.current);
  try {
    await writeObjects(objectCall, plan);
  } catch (error) {
    if (!isCallFailure(error)) throw error;
    const why = toolError(error, { tool: 'kubernetes_helm' }).text;
    const description = `Rollback "${options.name}" failed: ${why}`;
    await store.update(pending, {
      ...pending.release,
      info: { ...pending.release.info, status: 'failed', description },
    });
    return {
      isError: true,
      text: `${description}\nRevision ${newVersion} is recorded as failed; objects written before the failure stay.`,
    };
  }
  const history = await store.history(options.name);
  const superseded: number[] = [];
  for (const stored of history) {
    if (stored.release.info.status !== 'deployed') continue;
    await store.update(stored, { ...stored.release, info: { ...stored.release.info, status: 'superseded' } });
    superseded.push(stored.release.version);
  }
  await store.update(pending, { ...pending.release, info: { ...pending.release.info, status: 'deployed' } });
  const previous = superseded.length > 0 ? `; revision ${superseded.join(', ')} superseded` : '';
  return {
    text: [
      `${label} rolled back to revision ${plan.target.version}: revision ${newVersion} deployed${previous}.`,
      ...planLines(plan, store.namespace, true),
      ...(plan.hooksNote ? [plan.hooksNote] : []),
    ].join('\n'),
  };
}
