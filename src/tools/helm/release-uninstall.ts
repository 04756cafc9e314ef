import { isCallFailure, toolError, UsageError } from '../error-mapping.js';
import type { ToolResult } from '../tool-definition.js';
import { checkHooks, UNINSTALL_HOOK_EVENTS } from './release-hooks.js';
import {
  deleteObject,
  isKept,
  manifestObjectsOf,
  objectName,
  type ReleaseObjectCall,
} from './release-objects.js';
import type { ReleaseWriteOptions } from './release-rollback.js';
import type { ReleaseStore, StoredRelease } from './release-store.js';

// `helm uninstall` as Helm does it: the newest revision is marked uninstalling, its objects are
// deleted in reverse install order (those annotated helm.sh/resource-policy: keep stay), then
// every revision record is deleted, or, with keepHistory, the newest is kept as uninstalled.

async function forget(store: ReleaseStore, history: StoredRelease[]): Promise<void> {
  for (const stored of history) await store.remove(stored);
}

export async function uninstallRelease(
  call: Omit<ReleaseObjectCall, 'release'>,
  store: ReleaseStore,
  options: ReleaseWriteOptions & { keepHistory: boolean },
): Promise<ToolResult> {
  const history = await store.history(options.name);
  const latest = history[history.length - 1] as StoredRelease;
  const label = `Helm release ${store.namespace}/${options.name}`;
  if (latest.release.info.status === 'uninstalled') {
    if (options.keepHistory) throw new UsageError(`${label} is already uninstalled (its history is kept).`);
    if (options.preview)
      return { text: `Dry run: ${label} is uninstalled; its history records would be deleted.` };
    await forget(store, history);
    return { text: `${label} was already uninstalled; its history records are deleted.` };
  }
  const hooksNote = checkHooks(latest.release, UNINSTALL_HOOK_EVENTS, 'uninstall', options.skipHooks);
  const objects = manifestObjectsOf(latest.release).reverse();
  const doomed = objects.filter((object) => !isKept(object));
  const keptLines = objects
    .filter(isKept)
    .map((object) => `kept ${objectName(object, store.namespace)} (helm.sh/resource-policy: keep)`);
  const records = options.keepHistory
    ? `keep its history as uninstalled`
    : `delete its ${history.length} revision record(s)`;
  if (options.preview) {
    return {
      text: [
        `Dry run: uninstalling ${label} would delete:`,
        ...doomed.map((object) => `delete ${objectName(object, store.namespace)}`),
        ...keptLines,
        `and ${records}.`,
        ...(hooksNote ? [hooksNote] : []),
      ].join('\n'),
    };
  }
  const info = latest.release.info;
  const uninstalling = await store.update(latest, {
    ...latest.release,
    info: { ...info, status: 'uninstalling', description: 'Deletion in progress' },
  });
  const objectCall = { ...call, release: latest.release };
  const lines: string[] = [];
  const failures: string[] = [];
  for (const object of doomed) {
    try {
      await deleteObject(objectCall, object);
      lines.push(`deleted ${objectName(object, store.namespace)}`);
    } catch (error) {
      if (!isCallFailure(error)) throw error;
      failures.push(
        `NOT deleted ${objectName(object, store.namespace)}: ${toolError(error, { tool: 'kubernetes_helm' }).text}`,
      );
    }
  }
  if (failures.length > 0) {
    return {
      isError: true,
      text: [
        `${label} is only partly uninstalled: it stays recorded as uninstalling. Fix what failed and uninstall again.`,
        ...lines,
        ...failures,
      ].join('\n'),
    };
  }
  if (options.keepHistory) {
    const now = new Date().toISOString();
    await store.update(uninstalling, {
      ...latest.release,
      info: { ...info, status: 'uninstalled', description: 'Uninstallation complete', deleted: now },
    });
  } else await forget(store, history);
  return {
    text: [
      `${label} uninstalled${options.keepHistory ? ' (history kept)' : ''}.`,
      ...lines,
      ...keptLines,
      ...(hooksNote ? [hooksNote] : []),
    ].join('\n'),
  };
}
