import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { failed, ok } from '../tool-harness.js';
import { type HelmCluster, SHOP_CHART, startHelmCluster, tableRows } from './helm-fixtures.js';

// kubernetes_helm's reading actions against releases the real Helm 4 made: what the tool prints
// matches, field for field, what `helm list/status/history/get` print for the same release.

const PASSWORD = 'hunter2-very-secret';
let cluster: HelmCluster;

beforeAll(async () => {
  cluster = await startHelmCluster();
  await cluster.helm.ok(['install', 'shop', SHOP_CHART, '-n', 'default', '--set', 'greeting=hi']);
  await cluster.helm.ok([
    'upgrade',
    'shop',
    SHOP_CHART,
    '-n',
    'default',
    '--set',
    `replicaCount=3,db.password=${PASSWORD},db.host=db.internal`,
  ]);
}, 60_000);
afterAll(() => cluster.stop());

const helmTool = (args: Record<string, unknown>) => cluster.call('kubernetes_helm', args);
const dataLines = (text: string) => text.split('\n').slice(1).join('\n');

describe('kubernetes_helm reading releases Helm 4 made', () => {
  it('lists the releases of every namespace as helm list -A does', async () => {
    const helmList = await cluster.helm.json<Record<string, string>[]>(['list', '-A']);
    const rows = tableRows(ok(await helmTool({ action: 'list' })));
    expect(
      rows.map((row) => [row.NAME, row.NAMESPACE, row.REVISION, row.STATUS, row.CHART, row['APP VERSION']]),
    ).toEqual(
      helmList.map((release) => [
        release.name,
        release.namespace,
        release.revision,
        release.status,
        release.chart,
        release.app_version,
      ]),
    );
    expect(rows.map((row) => row.NAME)).toEqual(['shop', 'web']);
    const inTeamA = tableRows(ok(await helmTool({ action: 'list', namespace: 'team-a' })));
    expect(inTeamA.map((row) => row.NAME)).toEqual(['web']);
  });

  it('shows the status helm status shows', async () => {
    const status = await cluster.helm.json<{
      name: string;
      namespace: string;
      version: number;
      info: { status: string; description: string; notes: string };
    }>(['status', 'shop', '-n', 'default']);
    const text = ok(await helmTool({ action: 'status', release: 'shop', namespace: 'default' }));
    expect(text).toContain(
      `NAME: ${status.name}\nNAMESPACE: ${status.namespace}\nSTATUS: ${status.info.status}`,
    );
    expect(text).toContain(`REVISION: ${status.version}\nCHART: shop-0.1.0\nAPP VERSION: 1.27`);
    expect(text).toContain(`DESCRIPTION: ${status.info.description}`);
    expect(text).toContain(`NOTES:\n${status.info.notes.trim()}`);
    expect(text).toMatch(
      /RESOURCES:\n {2}ConfigMap\/shop-config\n {2}Service\/shop-web\n {2}Deployment\/shop-web/,
    );
    expect(text).toContain('HOOKS (this tool never runs them):\n  test: Pod/shop-test-connection');
  });

  it('shows the history helm history shows', async () => {
    const history = await cluster.helm.json<Record<string, string | number>[]>([
      'history',
      'shop',
      '-n',
      'default',
    ]);
    const rows = tableRows(ok(await helmTool({ action: 'history', release: 'shop', namespace: 'default' })));
    expect(
      rows.map((row) => [Number(row.REVISION), row.STATUS, row.CHART, row['APP VERSION'], row.DESCRIPTION]),
    ).toEqual(
      history.map((entry) => [
        entry.revision,
        entry.status,
        entry.chart,
        entry.app_version,
        entry.description,
      ]),
    );
    expect(rows.map((row) => row.STATUS)).toEqual(['superseded', 'deployed']);
  });

  it('shows the user-supplied and the computed values, the password redacted', async () => {
    const user = await cluster.helm.json<Record<string, unknown>>(['get', 'values', 'shop', '-n', 'default']);
    const redacted = `<redacted: ${PASSWORD.length} bytes>`;
    const text = ok(await helmTool({ action: 'values', release: 'shop', namespace: 'default' }));
    expect(text).toMatch(/^USER-SUPPLIED VALUES/);
    expect(text).not.toContain(PASSWORD);
    expect(parse(dataLines(text))).toEqual({ ...user, db: { host: 'db.internal', password: redacted } });

    const computed = await cluster.helm.json<Record<string, unknown>>([
      'get',
      'values',
      'shop',
      '-n',
      'default',
      '--all',
    ]);
    const all = ok(await helmTool({ action: 'values', release: 'shop', namespace: 'default', all: true }));
    expect(all).toMatch(/^COMPUTED VALUES/);
    expect(parse(dataLines(all))).toEqual({ ...computed, db: { host: 'db.internal', password: redacted } });

    const first = await cluster.helm.json(['get', 'values', 'shop', '-n', 'default', '--revision', '1']);
    const firstText = ok(
      await helmTool({ action: 'values', release: 'shop', namespace: 'default', revision: 1 }),
    );
    expect(parse(dataLines(firstText))).toEqual(first);
  });

  it('shows the manifest helm get manifest shows, revision by revision', async () => {
    for (const revision of [1, 2]) {
      const manifest = await cluster.helm.ok([
        'get',
        'manifest',
        'shop',
        '-n',
        'default',
        '--revision',
        `${revision}`,
      ]);
      const text = ok(
        await helmTool({ action: 'manifest', release: 'shop', namespace: 'default', revision }),
      );
      const objects = (yaml: string) => parseAllDocuments(yaml).map((document) => document.toJS());
      expect(objects(dataLines(text))).toEqual(objects(manifest));
      expect(text).toContain('# Source: shop/templates/deployment.yaml');
      expect(text).toContain(`replicas: ${revision === 1 ? 2 : 3}`);
    }
  });

  it('reads the seeded release, made the Helm way', async () => {
    const text = ok(await helmTool({ action: 'values', release: 'web', namespace: 'team-a' }));
    expect(parse(dataLines(text))).toEqual(await cluster.helm.json(['get', 'values', 'web', '-n', 'team-a']));
  });

  it('says which release is missing and how to find the others', async () => {
    expect(failed(await helmTool({ action: 'status', release: 'nope', namespace: 'default' }))).toContain(
      'Helm release "nope" not found in namespace "default"',
    );
    expect(failed(await helmTool({ action: 'status', namespace: 'default' }))).toContain('needs "release"');
    expect(
      failed(await helmTool({ action: 'manifest', release: 'shop', namespace: 'default', revision: 9 })),
    ).toContain('has no revision 9 (its revisions: 1, 2)');
    expect(failed(await helmTool({ action: 'list', release: 'a,owner!=helm' }))).toMatch(/Invalid arguments/);
  });

  it('keeps to the allowed namespaces and refuses when Secrets are a denied resource', async () => {
    const confined = ok(
      await cluster.call('kubernetes_helm', { action: 'list' }, { allowedNamespaces: ['team-a'] }),
    );
    expect(tableRows(confined).map((row) => row.NAME)).toEqual(['web']);
    const outside = failed(
      await cluster.call(
        'kubernetes_helm',
        { action: 'status', release: 'shop', namespace: 'default' },
        { allowedNamespaces: ['team-a'] },
      ),
    );
    expect(outside).toContain('Namespace "default" is outside the namespaces this server may use');
    const denied = failed(
      await cluster.call('kubernetes_helm', { action: 'list' }, { deniedResources: ['secrets'] }),
    );
    expect(denied).toContain('Access to secrets is disabled on this server (--denied-resources)');
  });

  it("gives bob, who may not read Secrets, the cluster's Forbidden answer", async () => {
    const text = failed(await cluster.bob('kubernetes_helm', { action: 'list', namespace: 'default' }));
    expect(text).toContain("Forbidden by the cluster's RBAC");
    expect(text).toContain('cannot list resource "secrets"');
  });
});

describe('kubernetes_helm facing records that are not releases', () => {
  const secretManifest = (name: string, type: string, release: string) =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: sh.helm.release.v1.${name}.v1\n  labels:\n` +
    `    owner: helm\n    name: ${name}\n    version: "1"\n    status: deployed\ntype: ${type}\n` +
    `data:\n  release: ${Buffer.from(release, 'latin1').toString('base64')}\n`;
  const plant = async (name: string, type: string, release: string) =>
    ok(
      await cluster.call('kubernetes_create', {
        namespace: 'team-b',
        manifest: secretManifest(name, type, release),
      }),
    );

  beforeAll(async () => {
    await plant('garbled', 'helm.sh/release.v1', 'this is not base64!');
    // 64 MiB of zeros compress to some 64 KiB: decompressing them whole is what the cap prevents.
    await plant('bomb', 'helm.sh/release.v1', gzipSync(Buffer.alloc(64 * 1024 * 1024)).toString('base64'));
    await plant('foreign', 'Opaque', 'c2VjcmV0LXZhbHVl');
    const release = (name: string, namespace: string) =>
      gzipSync(JSON.stringify({ name, namespace, version: 1, info: { status: 'deployed' } })).toString(
        'base64',
      );
    await plant('planted', 'helm.sh/release.v1', release('planted', 'kube-system'));
    await plant('misnamed', 'helm.sh/release.v1', release('web', 'team-b'));
    await plant(
      'notjson',
      'helm.sh/release.v1',
      gzipSync('{"name": "x", "api-key": "leaky-secret-value"').toString('base64'),
    );
  });

  it.each([
    ['garbled', 'its release is not base64 text'],
    ['bomb', 'its release decompresses to more than 16 MiB, refused'],
    ['foreign', 'its type is not helm.sh/release.v1'],
    ['notjson', 'its release is not valid JSON'],
    ['planted', 'it holds a release of namespace "kube-system"'],
    ['misnamed', 'it holds revision 1 of release "web"'],
  ])('refuses %s with a clear reason and no stored bytes', async (name, why) => {
    const text = failed(await helmTool({ action: 'history', release: name, namespace: 'team-b' }));
    expect(text).toContain(
      `Secret team-b/sh.helm.release.v1.${name}.v1 is labelled owner=helm but is not a Helm release record: ${why}.`,
    );
    expect(text).not.toMatch(/leaky|c2VjcmV0|this is not/);
  });

  it('lists the releases it can read and warns of the others', async () => {
    const text = ok(await helmTool({ action: 'list', namespace: 'team-b' }));
    expect(text).toMatch(/^No Helm releases in namespace "team-b"\./);
    expect(text.match(/^warning: Secret team-b\//gm)).toHaveLength(6);
  });
});
