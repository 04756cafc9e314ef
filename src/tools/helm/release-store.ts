import { type KubeList, type KubeObject, KubernetesError } from '../../k8s/index.js';
import { TargetedFailure, UsageError } from '../error-mapping.js';
import type { Access } from '../namespace-policy.js';
import { resolveTarget, type Target } from '../target.js';
import type { ToolContext } from '../tool-definition.js';
import {
  CorruptReleaseError,
  decodeRelease,
  decodeSecretData,
  encodeRelease,
  encodeSecretData,
  type HelmRelease,
} from './release-codec.js';

// Helm's release storage, read and written as Helm's storage drivers do: one record per revision,
// `sh.helm.release.v1.<release>.v<revision>` in the release's namespace, labelled owner=helm,
// name, status and version. The `secret` driver (Helm's default) keeps the encoded release in a
// Secret of type helm.sh/release.v1, the `configmap` driver in a ConfigMap: both are read, and a
// release is written back with the driver it is stored with.

export type StorageDriver = 'secret' | 'configmap';

const SECRET_TYPE = 'helm.sh/release.v1';

export interface StoredRelease {
  release: HelmRelease;
  record: KubeObject;
  driver: StorageDriver;
}

export interface ReleaseRecords {
  releases: StoredRelease[];
  /** Records that hold no readable release, each named with why. */
  unreadable: string[];
}

export function recordName(release: string, revision: number): string {
  return `sh.helm.release.v1.${release}.v${revision}`;
}

interface StoreArgs {
  context?: string | undefined;
  namespace?: string | undefined;
}

/** Reading ConfigMaps is a bonus: a caller who may not (RBAC, policy) still sees the Secrets. */
function isRefusal(error: unknown): boolean {
  if (error instanceof TargetedFailure) return error.failure.status === 403;
  return error instanceof KubernetesError && (error.failure === 'not-allowed' || error.status === 403);
}

/**
 * A release must be the one its record is named for, in the record's namespace: writes follow the
 * release's name and namespace, and a record planted in one namespace must not steer a rollback
 * into another.
 */
function matchingItsRecord(release: HelmRelease, record: KubeObject): HelmRelease {
  const namespace = record.metadata?.namespace ?? '';
  if (record.metadata?.name !== recordName(release.name, release.version))
    throw new CorruptReleaseError(`it holds revision ${release.version} of release "${release.name}"`);
  if (release.namespace !== '' && release.namespace !== namespace)
    throw new CorruptReleaseError(`it holds a release of namespace "${release.namespace}"`);
  return { ...release, namespace };
}

function decodeRecord(driver: StorageDriver, record: KubeObject): HelmRelease {
  const where = `${driver === 'secret' ? 'Secret' : 'ConfigMap'} ${record.metadata?.namespace}/${record.metadata?.name}`;
  const data = (record as { data?: Record<string, unknown> }).data?.release;
  try {
    if (driver === 'secret' && (record as { type?: string }).type !== SECRET_TYPE)
      throw new CorruptReleaseError(`its type is not ${SECRET_TYPE}`);
    if (typeof data !== 'string') throw new CorruptReleaseError('it has no "release" data');
    const release = driver === 'secret' ? decodeSecretData(data) : decodeRelease(data);
    return matchingItsRecord(release, record);
  } catch (error) {
    if (!(error instanceof CorruptReleaseError)) throw error;
    throw new CorruptReleaseError(
      `${where} is labelled owner=helm but is not a Helm release record: ${error.message}.`,
    );
  }
}

export class ReleaseStore {
  private configMaps: Promise<Target | undefined> | undefined;

  private constructor(
    private readonly context: ToolContext,
    private readonly args: StoreArgs,
    private readonly access: Access,
    private readonly options: { allNamespaces?: boolean },
    private readonly secrets: Target,
  ) {}

  /** The store of a namespace (or every namespace), with both policies checked for its records. */
  static async open(
    context: ToolContext,
    args: StoreArgs,
    access: Access,
    options: { allNamespaces?: boolean } = {},
  ): Promise<ReleaseStore> {
    const secrets = await resolveTarget(
      context,
      { ...args, resourceType: 'secrets', apiGroup: '' },
      access,
      options,
    );
    return new ReleaseStore(context, args, access, options, secrets);
  }

  get namespace(): string {
    return this.secrets.namespace ?? '';
  }

  private target(driver: StorageDriver): Promise<Target | undefined> {
    if (driver === 'secret') return Promise.resolve(this.secrets);
    this.configMaps ??= resolveTarget(
      this.context,
      { ...this.args, resourceType: 'configmaps', apiGroup: '' },
      this.access,
      this.options,
    ).catch((error: unknown) => {
      if (isRefusal(error)) return undefined;
      throw error;
    });
    return this.configMaps;
  }

  private async writeTarget(driver: StorageDriver): Promise<Target> {
    const target = await this.target(driver);
    if (!target) throw new UsageError('Helm release ConfigMaps are out of reach of this call.');
    return target;
  }

  /**
   * Every record matching `selector` (beside owner=helm), in the store's namespace or `namespace`:
   * Secrets (Helm's default driver) and ConfigMaps (its configmap driver).
   */
  async read(selector?: string, namespace?: string): Promise<ReleaseRecords> {
    const records: ReleaseRecords = { releases: [], unreadable: [] };
    for (const driver of ['secret', 'configmap'] as const) {
      const target = await this.target(driver);
      if (!target) continue;
      let list: KubeList;
      try {
        list = await target.request<KubeList>({
          ...(namespace !== undefined && { namespace }),
          query: { labelSelector: ['owner=helm', selector].filter(Boolean).join(',') },
        });
      } catch (error) {
        if (driver === 'configmap' && isRefusal(error)) continue;
        throw error;
      }
      for (const record of list.items) {
        try {
          records.releases.push({ release: decodeRecord(driver, record), record, driver });
        } catch (error) {
          if (!(error instanceof CorruptReleaseError)) throw error;
          records.unreadable.push(error.message);
        }
      }
    }
    return records;
  }

  /** Every revision of one release, oldest first; a release with an unreadable record is refused. */
  async history(name: string): Promise<StoredRelease[]> {
    const { releases, unreadable } = await this.read(`name=${name}`);
    if (unreadable.length > 0) throw new CorruptReleaseError(unreadable.join('\n'));
    if (releases.length === 0) {
      throw new UsageError(
        `Helm release "${name}" not found in namespace "${this.namespace}". ` +
          'List the releases with action "list" (without a namespace it searches every namespace).',
      );
    }
    return releases.sort((a, b) => a.release.version - b.release.version);
  }

  /** Records a new revision with the driver of `beside`, the release's current record. */
  async create(release: HelmRelease, beside: StoredRelease): Promise<StoredRelease> {
    const target = await this.writeTarget(beside.driver);
    const body = this.recordOf(beside.driver, release);
    const record = await target.request<KubeObject>({ method: 'POST', body });
    return { release, record, driver: beside.driver };
  }

  /** Rewrites a revision's record; its resourceVersion makes a concurrent change fail, not vanish. */
  async update(stored: StoredRelease, release: HelmRelease): Promise<StoredRelease> {
    const target = await this.writeTarget(stored.driver);
    const body = this.recordOf(stored.driver, release, stored.record);
    const record = await target.request<KubeObject>({
      method: 'PUT',
      name: recordName(release.name, release.version),
      body,
    });
    return { release, record, driver: stored.driver };
  }

  /** Deletes a revision's record; one already gone is fine. */
  async remove(stored: StoredRelease): Promise<void> {
    const target = await this.writeTarget(stored.driver);
    try {
      await target.request({ method: 'DELETE', name: stored.record.metadata?.name ?? '' });
    } catch (error) {
      if (!(error instanceof TargetedFailure && error.failure.status === 404)) throw error;
    }
  }

  private recordOf(driver: StorageDriver, release: HelmRelease, previous?: KubeObject): KubeObject {
    const labels = {
      ...previous?.metadata?.labels,
      name: release.name,
      owner: 'helm',
      status: release.info.status,
      version: String(release.version),
      modifiedAt: String(Math.floor(Date.now() / 1000)),
    };
    const metadata = {
      name: recordName(release.name, release.version),
      namespace: this.namespace,
      labels,
      ...(previous?.metadata?.resourceVersion && { resourceVersion: previous.metadata.resourceVersion }),
    };
    return driver === 'secret'
      ? {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata,
          type: SECRET_TYPE,
          data: { release: encodeSecretData(release) },
        }
      : { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { release: encodeRelease(release) } };
  }
}
