import { Helm } from '@mcp-kubernetes/devcluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToolClient } from '../../../helpers/tool-client.js';
import { failed, HARNESS_FLAGS, ok } from '../tool-harness.js';
import { type HelmCluster, hookedChart, SHOP_CHART, startHelmCluster } from './helm-fixtures.js';

// kubernetes_helm's rollback and uninstall on releases the real Helm 4 made, checked with the
// real Helm 4 afterwards: its history and status agree with what the tool recorded, and it goes
// on managing the release (an upgrade after the tool's rollback works).

interface HistoryEntry {
  revision: number;
  status: string;
  description: string;
}

let cluster: HelmCluster;
const HOOKED = hookedChart();

beforeAll(async () => {
  cluster = await startHelmCluster();
  await cluster.helm.ok(['install', 'shop', SHOP_CHART, '-n', 'default']);
  await cluster.helm.ok([
    'upgrade',
    'shop',
    SHOP_CHART,
    '-n',
    'default',
    '--set',
    'replicaCount=3,image.tag=1.28',
  ]);
  await cluster.helm.ok(['install', 'hooked', HOOKED, '-n', 'team-b']);
  await cluster.helm.ok(['upgrade', 'hooked', HOOKED, '-n', 'team-b', '--set', 'extra=true,mode=slow']);
}, 60_000);
afterAll(() => cluster.stop());

const helmTool = (args: Record<string, unknown>, flags = {}) => cluster.call('kubernetes_helm', args, flags);
const history = (helm: Helm, release: string, namespace: string) =>
  helm.json<HistoryEntry[]>(['history', release, '-n', namespace]);
const revisions = async (release: string, namespace: string, helm = cluster.helm) =>
  (await history(helm, release, namespace)).map((entry) => [entry.revision, entry.status]);
const kubeJson = async (args: string[]) => JSON.parse(await cluster.kubectl.ok([...args, '-o', 'json']));
const image = async () =>
  (await kubeJson(['get', 'deployment', 'shop-web', '-n', 'default'])).spec.template.spec.containers[0].image;
const exists = async (kind: string, name: string, namespace: string) =>
  (await cluster.kubectl.run(['get', kind, name, '-n', namespace])).code === 0;

/** Calls the tool through a client that declines every question; checks that it was not done, and returns the questions. */
async function questionsWhenDeclining(args: Record<string, unknown>): Promise<string[]> {
  const asked: string[] = [];
  const connection = await connectToolClient({
    access: cluster.access,
    flags: HARNESS_FLAGS,
    elicitation: async (request) => {
      asked.push(request.params.message);
      return { action: 'decline' };
    },
  });
  try {
    const answer = await connection.call('kubernetes_helm', args);
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('The user declined; nothing was changed.');
    return asked;
  } finally {
    await connection.close();
  }
}

describe('kubernetes_helm rollback', () => {
  it('previews with dryRun, and under --dry-run, changing nothing', async () => {
    const before = await revisions('shop', 'default');
    const preview = ok(
      await helmTool({ action: 'rollback', release: 'shop', namespace: 'default', dryRun: true }),
    );
    expect(preview).toBe(
      'Dry run: rolling back Helm release default/shop to revision 1 would record revision 3 and:\n' +
        'apply ConfigMap/shop-config\napply Service/shop-web\napply Deployment/shop-web',
    );
    const validated = ok(
      await helmTool({ action: 'rollback', release: 'shop', namespace: 'default' }, { dryRun: true }),
    );
    expect(validated).toContain('would record revision 3');
    expect(validated).toContain('(dry run: the API server validated this change, nothing was stored');
    expect(await revisions('shop', 'default')).toEqual(before);
    expect(await image()).toBe('nginx:1.28');
  });

  it('refuses under --read-only and the default --non-destructive, where reading still works', async () => {
    for (const flags of [{ readOnly: true }, { nonDestructive: true }]) {
      const text = failed(
        await helmTool({ action: 'rollback', release: 'shop', namespace: 'default' }, flags),
      );
      expect(text).toMatch(
        /^kubernetes_helm rollback changes the cluster, which is disabled: the server runs with --/,
      );
      ok(await helmTool({ action: 'history', release: 'shop', namespace: 'default' }, flags));
    }
    expect(await revisions('shop', 'default')).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
  });

  it('asks the user first, saying that objects may be deleted, and a decline changes nothing', async () => {
    const asked = await questionsWhenDeclining({ action: 'rollback', release: 'shop', namespace: 'default' });
    expect(asked).toEqual([
      'Roll back Helm release "shop" in namespace "default" to the revision before the latest: its objects ' +
        "become that revision's, and those only the current one has are deleted. Go ahead?",
    ]);
    expect(await revisions('shop', 'default')).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
    expect(await image()).toBe('nginx:1.28');
  });

  it('rolls back as helm rollback does: Helm then agrees, and upgrades on from there', async () => {
    const text = ok(await helmTool({ action: 'rollback', release: 'shop', namespace: 'default' }));
    expect(text).toBe(
      'Helm release default/shop rolled back to revision 1: revision 3 deployed; revision 2 superseded.\n' +
        'applied ConfigMap/shop-config\napplied Service/shop-web\napplied Deployment/shop-web',
    );
    const entries = await history(cluster.helm, 'shop', 'default');
    expect(entries.map((entry) => [entry.revision, entry.status, entry.description])).toEqual([
      [1, 'superseded', 'Install complete'],
      [2, 'superseded', 'Upgrade complete'],
      [3, 'deployed', 'Rollback to 1'],
    ]);
    const status = await cluster.helm.json<{ version: number; info: { status: string } }>([
      'status',
      'shop',
      '-n',
      'default',
    ]);
    expect([status.version, status.info.status]).toEqual([3, 'deployed']);
    expect(await cluster.helm.json(['get', 'values', 'shop', '-n', 'default'])).toBeNull();
    expect(await image()).toBe('nginx:1.27');
    expect((await kubeJson(['get', 'deployment', 'shop-web', '-n', 'default'])).spec.replicas).toBe(2);

    await cluster.helm.ok(['upgrade', 'shop', SHOP_CHART, '-n', 'default', '--set', 'image.tag=1.29']);
    expect(await image()).toBe('nginx:1.29');
    expect((await revisions('shop', 'default')).at(-1)).toEqual([4, 'deployed']);
  });

  it('refuses a release with rollback hooks unless skipHooks, then deletes what the target lacks', async () => {
    const refused = failed(
      await helmTool({ action: 'rollback', release: 'hooked', namespace: 'team-b', revision: 1 }),
    );
    expect(refused).toContain(
      'Not done: the rollback of Helm release "hooked" has hooks, ConfigMap/hooked-hook (pre-rollback,pre-delete), ' +
        'and this tool never runs hooks.',
    );
    expect(await exists('configmap', 'hooked-extra', 'team-b')).toBe(true);

    const text = ok(
      await helmTool({
        action: 'rollback',
        release: 'hooked',
        namespace: 'team-b',
        revision: 1,
        skipHooks: true,
      }),
    );
    expect(text).toContain('applied ConfigMap/hooked-settings\ndeleted ConfigMap/hooked-extra');
    expect(text).toContain('Hooks not run (skipHooks): ConfigMap/hooked-hook (pre-rollback,pre-delete).');
    expect(await exists('configmap', 'hooked-extra', 'team-b')).toBe(false);
    expect(await exists('configmap', 'hooked-hook', 'team-b')).toBe(false);
    expect((await kubeJson(['get', 'configmap', 'hooked-settings', '-n', 'team-b'])).data).toEqual({
      mode: 'fast',
    });
    expect(await revisions('hooked', 'team-b')).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'deployed'],
    ]);
  });
  it('records a rollback that fails part way as failed, as Helm does', async () => {
    const text = failed(
      await helmTool(
        { action: 'rollback', release: 'hooked', namespace: 'team-b', revision: 2, skipHooks: true },
        { deniedResources: ['configmaps'] },
      ),
    );
    expect(text).toMatch(/^Rollback "hooked" failed: Access to configmaps is disabled on this server/);
    expect(text).toContain('Revision 4 is recorded as failed; objects written before the failure stay.');
    const last = (await history(cluster.helm, 'hooked', 'team-b')).at(-1);
    expect([last?.revision, last?.status]).toEqual([4, 'failed']);
    expect(last?.description).toMatch(/^Rollback "hooked" failed: /);
    expect(await exists('configmap', 'hooked-extra', 'team-b')).toBe(false);
  });
});

describe('kubernetes_helm uninstall', () => {
  it('previews with dryRun, changing nothing', async () => {
    const preview = ok(
      await helmTool({ action: 'uninstall', release: 'shop', namespace: 'default', dryRun: true }),
    );
    expect(preview).toBe(
      'Dry run: uninstalling Helm release default/shop would delete:\n' +
        'delete Deployment/shop-web\ndelete Service/shop-web\ndelete ConfigMap/shop-config\n' +
        'and delete its 4 revision record(s).',
    );
    expect(await exists('deployment', 'shop-web', 'default')).toBe(true);
    expect((await revisions('shop', 'default')).length).toBe(4);
  });

  it('asks the user first, and a decline changes nothing', async () => {
    const asked = await questionsWhenDeclining({
      action: 'uninstall',
      release: 'shop',
      namespace: 'default',
    });
    expect(asked).toEqual([
      'Uninstall Helm release "shop" in namespace "default": delete its objects and its history. Go ahead?',
    ]);
    // With writes off the call is refused at once: nobody is asked about what cannot happen.
    const readOnly = await connectToolClient({
      access: cluster.access,
      flags: { ...HARNESS_FLAGS, readOnly: true },
      elicitation: async (request) => {
        asked.push(request.params.message);
        return { action: 'accept', content: { confirm: true } };
      },
    });
    try {
      const answer = await readOnly.call('kubernetes_helm', {
        action: 'uninstall',
        release: 'shop',
        namespace: 'default',
      });
      expect(answer.text).toContain('which is disabled: the server runs with --read-only');
    } finally {
      await readOnly.close();
    }
    expect(asked).toHaveLength(1);
    expect((await revisions('shop', 'default')).length).toBe(4);
  });

  it('uninstalls: helm list no longer shows it, its objects and records are gone', async () => {
    const text = ok(await helmTool({ action: 'uninstall', release: 'shop', namespace: 'default' }));
    expect(text).toMatch(/^Helm release default\/shop uninstalled\.\ndeleted Deployment\/shop-web\n/);
    expect(await cluster.helm.json(['list', '-n', 'default'])).toEqual([]);
    expect((await cluster.helm.run(['history', 'shop', '-n', 'default'])).stderr).toContain(
      'release: not found',
    );
    for (const [kind, name] of [
      ['deployment', 'shop-web'],
      ['service', 'shop-web'],
      ['configmap', 'shop-config'],
    ] as const) {
      expect(await exists(kind, name, 'default'), name).toBe(false);
    }
    const records = await cluster.kubectl.ok([
      'get',
      'secrets',
      '-n',
      'default',
      '-l',
      'owner=helm',
      '-o',
      'name',
    ]);
    expect(records.trim()).toBe('');
  });

  it('keeps the history on request, as helm uninstall --keep-history does', async () => {
    failed(
      await helmTool({ action: 'uninstall', release: 'hooked', namespace: 'team-b', keepHistory: true }),
    );
    ok(
      await helmTool({
        action: 'uninstall',
        release: 'hooked',
        namespace: 'team-b',
        keepHistory: true,
        skipHooks: true,
      }),
    );
    const listed = await cluster.helm.json<{ name: string; status: string }[]>([
      'list',
      '-n',
      'team-b',
      '--uninstalled',
    ]);
    expect(listed.map((release) => [release.name, release.status])).toEqual([['hooked', 'uninstalled']]);
    expect((await revisions('hooked', 'team-b')).at(-1)).toEqual([4, 'uninstalled']);
    expect(await exists('configmap', 'hooked-settings', 'team-b')).toBe(false);
    expect(
      failed(
        await helmTool({ action: 'uninstall', release: 'hooked', namespace: 'team-b', keepHistory: true }),
      ),
    ).toContain('is already uninstalled');
  });
});

describe('kubernetes_helm with the configmap storage driver', () => {
  it('reads, rolls back and uninstalls a release Helm keeps in ConfigMaps', async () => {
    const helm = new Helm(cluster.users.devcluster.kubeconfig, { driver: 'configmap' });
    await helm.ok(['install', 'kept', SHOP_CHART, '-n', 'team-b']);
    await helm.ok(['upgrade', 'kept', SHOP_CHART, '-n', 'team-b', '--set', 'greeting=bye']);
    expect(ok(await helmTool({ action: 'list', namespace: 'team-b' }))).toMatch(/\nkept\s+team-b\s+2\s/);
    ok(await helmTool({ action: 'rollback', release: 'kept', namespace: 'team-b' }));
    expect(await revisions('kept', 'team-b', helm)).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'deployed'],
    ]);
    expect((await kubeJson(['get', 'configmap', 'kept-config', '-n', 'team-b'])).data).toEqual({
      greeting: 'hello',
    });
    ok(await helmTool({ action: 'uninstall', release: 'kept', namespace: 'team-b' }));
    expect(await helm.json(['list', '-n', 'team-b'])).toEqual([]);
    expect((await helm.run(['history', 'kept', '-n', 'team-b'])).stderr).toContain('release: not found');
  });
});
