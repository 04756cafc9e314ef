import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { cliBinary, Kubectl, kubectlAvailability } from '@mcp-kubernetes/devcluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);
const availability = await kubectlAvailability();
const LAYOUTS = ['base', 'overlays/downstream-oauth', 'overlays/valkey-replicas'];

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  rules?: unknown[];
}

interface Container {
  args: string[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
  securityContext: Record<string, unknown>;
  resources: { requests?: unknown; limits?: unknown };
  livenessProbe: { httpGet: { path: string } };
  readinessProbe: { httpGet: { path: string } };
}

async function render(layout: string): Promise<{ yaml: string; manifests: Manifest[] }> {
  const { stdout } = await run(cliBinary('kubectl'), ['kustomize', `deploy/kubernetes/${layout}`]);
  const manifests = parseAllDocuments(stdout).map((document) => document.toJSON() as Manifest);
  return { yaml: stdout, manifests };
}

function deploymentOf(manifests: Manifest[]) {
  const deployment = manifests.find((manifest) => manifest.kind === 'Deployment');
  if (!deployment) throw new Error('no Deployment rendered');
  const pod = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  const container = (pod.containers as Container[])[0] as Container;
  return { deployment, pod, container };
}

describe.skipIf(!availability.ok)(`the kustomize layouts (${availability.reason})`, () => {
  let devcluster: DevCluster;
  let kubectl: Kubectl;

  beforeAll(async () => {
    devcluster = await startDevCluster({ seed: 'default', tls: true });
    kubectl = new Kubectl(devcluster.kubeconfig);
    // A server-side dry run does not create the namespace, so the namespaced objects need it first.
    const namespace = (await render('base')).manifests.find((manifest) => manifest.kind === 'Namespace');
    await kubectl.ok(['apply', '-f', '-'], JSON.stringify(namespace));
  });

  afterAll(async () => {
    await devcluster?.stop();
  });

  it('runs the base non-root, read-only, without privileges, with limits and both probes', async () => {
    const { manifests } = await render('base');
    expect(manifests.map((manifest) => manifest.kind).sort()).toEqual(
      ['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Namespace', 'Service', 'ServiceAccount'].sort(),
    );
    const { pod, container } = deploymentOf(manifests);
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
  });

  it('takes every secret from a Secret, never from a literal value or an argument', async () => {
    for (const layout of LAYOUTS) {
      const { container } = deploymentOf((await render(layout)).manifests);
      for (const variable of container.env) {
        expect(variable.value, variable.name).toBeUndefined();
        expect(variable.valueFrom?.secretKeyRef, variable.name).toBeDefined();
      }
      expect(container.args.join(' ')).not.toMatch(/secret|token|encryption-key|password|valkey-url/i);
    }
  });

  it('grants the base service account no Secrets, exec or writes', async () => {
    const role = (await render('base')).manifests.find((manifest) => manifest.kind === 'ClusterRole');
    const text = JSON.stringify(role?.rules);
    expect(text).not.toMatch(/"secrets"|pods\/exec|"create"|"update"|"patch"|"delete"|"\*"/);
  });

  it('adds --downstream-oauth and shrinks the role to /version in the downstream overlay', async () => {
    const { manifests } = await render('overlays/downstream-oauth');
    expect(deploymentOf(manifests).container.args).toContain('--downstream-oauth');
    const role = manifests.find((manifest) => manifest.kind === 'ClusterRole');
    expect(role?.rules).toEqual([{ nonResourceURLs: ['/version'], verbs: ['get'] }]);
  });

  it('runs three Valkey-backed replicas with a disruption budget in the valkey overlay', async () => {
    const { manifests } = await render('overlays/valkey-replicas');
    const { deployment, container } = deploymentOf(manifests);
    expect(deployment.spec?.replicas).toBe(3);
    expect(container.args).toContain('--oauth-storage-type=valkey');
    expect(
      container.env.find((variable) => variable.name === 'VALKEY_URL')?.valueFrom?.secretKeyRef?.name,
    ).toBe('mcp-kubernetes-valkey');
    expect(manifests.some((manifest) => manifest.kind === 'PodDisruptionBudget')).toBe(true);
  });

  it.each(LAYOUTS)('%s is accepted by the API server (kubectl apply --dry-run=server)', async (layout) => {
    const { yaml } = await render(layout);
    const output = await kubectl.ok(['apply', '--dry-run=server', '-f', '-'], yaml);
    expect(output).toContain('deployment.apps/mcp-kubernetes created (server dry run)');
  });
});
