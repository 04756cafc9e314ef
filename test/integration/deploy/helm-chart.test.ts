import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { cliBinary, Helm, Kubectl, kubectlAvailability } from '@mcp-kubernetes/devcluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

// The Helm chart (deploy/helm/mcp-kubernetes) checked with the real Helm 4 binary: it lints, it
// renders the same objects as the kustomize layouts for the matching values, it refuses values
// that cannot work, and the simulator's API server accepts what it renders.

const run = promisify(execFile);
const availability = await kubectlAvailability();
const CHART = 'deploy/helm/mcp-kubernetes';

interface Manifest {
  kind: string;
  metadata: { name: string };
}

const parse = (yaml: string): Manifest[] =>
  parseAllDocuments(yaml)
    .map((document) => document.toJSON() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);

const template = (helm: Helm, values: string[]) =>
  helm.ok([
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
  let helm: Helm;

  /** Runs helm expecting it to fail; its error output. */
  async function helmFails(args: string[]): Promise<string> {
    const result = await helm.run(args);
    expect(result.code, `helm ${args.join(' ')} should fail`).not.toBe(0);
    return result.stderr;
  }

  beforeAll(async () => {
    devcluster = await startDevCluster({ seed: 'default', tls: true });
    helm = new Helm(devcluster.kubeconfig);
  });

  afterAll(async () => {
    await devcluster?.stop();
  });

  it('passes helm lint --strict', async () => {
    expect(await helm.ok(['lint', '--strict', CHART])).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  it.each(PAIRS)('renders what kustomize renders for %s (values: %j)', async (layout, values) => {
    const fromKustomize = byKindAndName((await kustomize(layout)).filter((m) => m.kind !== 'Namespace'));
    const fromHelm = byKindAndName(parse(await template(helm, values)));
    expect(Object.keys(fromHelm).sort()).toEqual(Object.keys(fromKustomize).sort());
    for (const [key, manifest] of Object.entries(fromKustomize)) expect(fromHelm[key], key).toEqual(manifest);
  });

  it('creates the namespace as kustomize does when asked to', async () => {
    const namespace = parse(await template(helm, ['namespace.create=true'])).find(
      (m) => m.kind === 'Namespace',
    );
    expect(namespace).toEqual((await kustomize('base')).find((m) => m.kind === 'Namespace'));
  });

  it('names the objects after the release, and adds extra flags', async () => {
    const manifests = parse(
      await helm.ok(['template', 'team', CHART, '--namespace', 'tools', '--set', 'extraArgs={--read-only}']),
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
    const output = await helm.ok([
      'install',
      'mcp-kubernetes',
      CHART,
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
