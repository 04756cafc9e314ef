import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeList, KubeObject, KubeTable } from '../../../src/k8s/kube-object.js';
import { type ObjectView, viewList, viewObject } from '../../../src/output/object-views.js';
import { maskSecrets } from '../../../src/output/secret-masking.js';
import { toJson, toYaml } from '../../../src/output/serialize.js';
import { renderTable } from '../../../src/output/table-text.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

let cluster: DevCluster;

beforeAll(async () => {
  cluster = await startDevCluster({ seed: 'default' });
});

afterAll(async () => {
  await cluster.stop();
});

async function get<T>(path: string, accept = 'application/json'): Promise<T> {
  const response = await fetch(`${cluster.url}${path}`, {
    headers: { authorization: `Bearer ${cluster.adminToken}`, accept },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const yamlBytes = (objects: KubeObject[], view: ObjectView) =>
  objects.reduce((total, object) => total + Buffer.byteLength(toYaml(viewObject(object, view))), 0);

describe('output of the simulator seed', () => {
  it('slims pods and deployments by more than a quarter of their YAML', async () => {
    for (const path of ['/api/v1/pods', '/apis/apps/v1/deployments']) {
      const { items } = await get<KubeList>(path);
      expect(yamlBytes(items, 'slim')).toBeLessThan(yamlBytes(items, 'full') * 0.75);
    }
  });

  it('keeps in slim pods the container names, images, ports, phase, condition types and node', async () => {
    const { items } = await get<KubeList>('/api/v1/pods');
    for (const pod of items) {
      const slim = viewObject(pod, 'slim');
      const spec = pod.spec as {
        nodeName?: string;
        containers: { name: string; image: string; ports?: unknown[] }[];
      };
      const slimSpec = slim.spec as typeof spec;
      expect(slimSpec.nodeName).toBe(spec.nodeName);
      expect(slimSpec.containers.map(({ name, image }) => ({ name, image }))).toEqual(
        spec.containers.map(({ name, image }) => ({ name, image })),
      );
      expect(slimSpec.containers.map((container) => container.ports?.length)).toEqual(
        spec.containers.map((container) => container.ports?.length),
      );
      const status = (object: KubeObject) =>
        object.status as { phase: string; conditions?: { type: string }[] };
      expect(status(slim).phase).toBe(status(pod).phase);
      expect(status(slim).conditions?.map((condition) => condition.type)).toEqual(
        status(pod).conditions?.map((condition) => condition.type),
      );
    }
  });

  it('never shows a Secret value in table, slim, normal, full, YAML or JSON output', async () => {
    const list = await get<KubeList>('/api/v1/secrets');
    const values = list.items.flatMap((secret) =>
      Object.values(secret.data as Record<string, string>).flatMap((value) => [
        value,
        Buffer.from(value, 'base64').toString(),
      ]),
    );
    expect(values.length).toBeGreaterThan(0);
    const table = await get<KubeTable>('/api/v1/secrets?includeObject=Object', TABLE);
    const outputs = [
      ...Object.values(renderTable(maskSecrets(table), { showNamespace: true, wide: true })),
      ...(['slim', 'normal', 'full'] as const).flatMap((view) => [
        toJson(viewList(maskSecrets(list), view)),
        toYaml(viewList(list, view)),
      ]),
      toJson(table),
      toYaml(list.items),
    ].map((output) => (typeof output === 'string' ? output : JSON.stringify(output)));
    for (const output of outputs) {
      for (const value of values) expect(output).not.toContain(value);
    }
  });
});
