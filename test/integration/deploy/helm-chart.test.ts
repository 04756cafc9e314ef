import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { cliBinary, Kubectl, kubectlAvailability } from '@mcp-kubernetes/devcluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

// The Helm chart (deploy/helm/mcp-kubernetes) checked with the real Helm 4 binary: it lints, it
// renders the same objects as the kustomize layouts for the matching values, it refuses values
// that cannot work, and the simulator's API server accepts what it renders.

const run = promisify(execFile);
const availability = await kubectlAvailability();
const CHART = 'deploy/helm/mcp-kubernetes';
const helmHome = mkdtempSync(join(tmpdir(), 'helm-home-'));
const helmEnv = {
  ...process.env,
  HELM_CACHE_HOME: join(helmHome, 'cache'),
  HELM_CONFIG_HOME: join(helmHome, 'config'),
  HELM_DATA_HOME: join(helmHome, 'data'),
};

interface Manifest {
  kind: string;
  metadata: { name: string };
}

const parse = (yaml: string): Manifest[] =>
  parseAllDocuments(yaml)
    .map((document) => document.toJSON() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);

async function helm(args: string[]): Promise<string> {
  const { stdout } = await run(cliBinary('helm'), args, { env: helmEnv });
  return stdout;
}

async function helmFails(args: string[]): Promise<string> {
  try {
    await helm(args);
  } catch (error) {
    return (error as { stderr: string }).stderr;
  }
  throw new Error(`helm ${args.join(' ')} succeeded`);
}

const template = (values: string[]) =>
  helm([
    'template',
    'mcp-kubernetes',
    CHART,
    '--namespace',
    'mcp-kubernetes',
    ...values.flatMap((v) => ['--set', v]),
  ]);

async function kustomize(layout: string): Promise<Manifest[]> {
  const { stdout } = await run(cliBinary('kubectl'), ['kustomize', `deploy/kubernetes/${layout}`]);
  return parse(stdout);
}

const byKindAndName = (manifests: Manifest[]) =>
  Object.fromEntries(manifests.map((manifest) => [`${manifest.kind}/${manifest.metadata.name}`, manifest]));

const PAIRS: [layout: string, values: string[]][] = [
  ['base', []],
  ['overlays/downstream-oauth', ['downstreamOAuth.enabled=true']],
  ['overlays/valkey-replicas', ['replicaCount=3', 'valkey.enabled=true', 'service.sessionAffinity=ClientIP']],
];

describe.skipIf(!availability.ok)(`the Helm chart (Helm 4, kubectl ${availability.reason})`, () => {
  let devcluster: DevCluster;

  beforeAll(async () => {
    devcluster = await startDevCluster({ seed: 'default', tls: true });
  });

  afterAll(async () => {
    await devcluster?.stop();
  });

  it('passes helm lint --strict', async () => {
    expect(await helm(['lint', '--strict', CHART])).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  it.each(PAIRS)('renders what kustomize renders for %s (values: %j)', async (layout, values) => {
    const fromKustomize = byKindAndName((await kustomize(layout)).filter((m) => m.kind !== 'Namespace'));
    const fromHelm = byKindAndName(parse(await template(values)));
    expect(Object.keys(fromHelm).sort()).toEqual(Object.keys(fromKustomize).sort());
    for (const [key, manifest] of Object.entries(fromKustomize)) expect(fromHelm[key], key).toEqual(manifest);
  });

  it('creates the namespace as kustomize does when asked to', async () => {
    const namespace = parse(await template(['namespace.create=true'])).find((m) => m.kind === 'Namespace');
    expect(namespace).toEqual((await kustomize('base')).find((m) => m.kind === 'Namespace'));
  });

  it('names the objects after the release, and adds extra flags', async () => {
    const manifests = parse(
      await helm(['template', 'team', CHART, '--namespace', 'tools', '--set', 'extraArgs={--read-only}']),
    );
    const deployment = manifests.find((m) => m.kind === 'Deployment') as unknown as {
      metadata: { name: string; namespace: string };
      spec: { template: { spec: { containers: { args: string[] }[] } } };
    };
    expect(deployment.metadata).toMatchObject({ name: 'team-mcp-kubernetes', namespace: 'tools' });
    expect(deployment.spec.template.spec.containers[0]?.args.at(-1)).toBe('--read-only');
  });

  it('refuses values that cannot work, saying why', async () => {
    expect(await helmFails(['template', 'x', CHART, '--set', 'replicaCount=3'])).toContain(
      'replicaCount > 1 needs valkey.enabled=true',
    );
    expect(
      await helmFails(['template', 'x', CHART, '--set', 'oauth.baseUrl=http://mcp.example.com']),
    ).toContain('oauth.baseUrl must be the public https URL');
  });

  it('is accepted by the API server (helm install --dry-run=server)', async () => {
    const kubectl = new Kubectl(devcluster.kubeconfig);
    const output = await helm([
      'install',
      'mcp-kubernetes',
      CHART,
      '--kubeconfig',
      kubectl.kubeconfigPath,
      '--namespace',
      'mcp-kubernetes',
      '--create-namespace',
      '--dry-run=server',
    ]);
    expect(output).toContain('STATUS: pending-install');
    expect(output).toContain('kind: Deployment');
    expect(await kubectl.run(['get', 'deployment', 'mcp-kubernetes', '-n', 'mcp-kubernetes'])).toMatchObject({
      code: 1,
    });
  });
});
