import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import { type ApiAnswer, apiClient } from '../helpers/api-client.js';

// The pod subresources kubectl debug and schedulers use (ephemeralcontainers, binding), the defaults
// a pod created through the API gets, and the verbs no subresource serves.

let devcluster: DevCluster;
let api: (
  method: string,
  path: string,
  options?: Parameters<ReturnType<typeof apiClient>>[2],
) => Promise<ApiAnswer>;
const PODS = '/api/v1/namespaces/team-a/pods';

beforeAll(async () => {
  devcluster = await startDevCluster({ seed: 'default' });
  const client = apiClient(devcluster.url);
  api = (method, path, options = {}) => client(method, path, { token: devcluster.adminToken, ...options });
});
afterAll(() => devcluster.stop());

let counter = 0;
async function createPod(spec: Record<string, unknown>): Promise<string> {
  counter += 1;
  const name = `sub-${counter}`;
  const created = await api('POST', PODS, {
    body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec },
  });
  expect(created.status).toBe(201);
  return name;
}

const mergePatch = 'application/strategic-merge-patch+json';
const debugger1 = { name: 'debugger', image: 'busybox:1.36', terminationMessagePolicy: 'File' };

describe('a pod created through the API', () => {
  it('gets the defaults and admission the API server adds (kubectl debug reads them)', async () => {
    const name = await createPod({ containers: [{ name: 'app', image: 'nginx' }] });
    const pod = (await api('GET', `${PODS}/${name}`)).body as { spec: Record<string, unknown> };
    expect(pod.spec).toMatchObject({
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      serviceAccountName: 'default',
      enableServiceLinks: true,
      priority: 0,
    });
    const [container] = pod.spec.containers as Record<string, unknown>[];
    expect(container).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePolicy: 'File' });
    expect(container?.volumeMounts).toEqual([
      expect.objectContaining({ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }),
    ]);
  });

  it('keeps the one token mount of a pod re-created from its own YAML', async () => {
    const name = await createPod({ containers: [{ name: 'app', image: 'nginx:1.27' }] });
    const first = (await api('GET', `${PODS}/${name}`)).body as { spec: Record<string, unknown> };
    await api('DELETE', `${PODS}/${name}?gracePeriodSeconds=0`);
    const again = await api('POST', PODS, {
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${name}-again` }, spec: first.spec },
    });
    const spec = (again.body as { spec: { volumes: unknown[] } }).spec;
    expect(spec.volumes).toHaveLength(1);
  });
});

describe('pods/ephemeralcontainers', () => {
  it('adds a debug container that the kubelet starts, and nothing else changes', async () => {
    const name = await createPod({ containers: [{ name: 'app', image: 'nginx:1.27' }] });
    const patched = await api('PATCH', `${PODS}/${name}/ephemeralcontainers`, {
      rawBody: JSON.stringify({ spec: { ephemeralContainers: [debugger1], containers: [] } }),
      contentType: mergePatch,
    });
    expect(patched.status).toBe(200);
    const spec = (patched.body as { spec: { containers: { name: string }[] } }).spec;
    expect(spec.containers.map((c) => c.name)).toEqual(['app']);
    await expect
      .poll(async () => {
        const pod = (await api('GET', `${PODS}/${name}`)).body as {
          status: { ephemeralContainerStatuses?: { name: string; state: object }[] };
        };
        return pod.status.ephemeralContainerStatuses?.[0];
      })
      .toMatchObject({ name: 'debugger', state: { running: {} } });
  });

  it('refuses to change or remove an ephemeral container, and a name already taken', async () => {
    const name = await createPod({ containers: [{ name: 'app', image: 'nginx:1.27' }] });
    const path = `${PODS}/${name}/ephemeralcontainers`;
    const put = (ephemeralContainers: object[]) =>
      api('PATCH', path, {
        rawBody: JSON.stringify({ spec: { ephemeralContainers } }),
        contentType: mergePatch,
      });
    expect((await put([debugger1])).status).toBe(200);
    const changed = await put([{ ...debugger1, image: 'alpine' }]);
    expect(changed.status).toBe(422);
    expect(changed.body.message).toContain('existing ephemeral containers "debugger" may not be changed');
    const clash = await put([{ name: 'app', image: 'busybox' }]);
    expect(clash.status).toBe(422);
    expect(clash.body.message).toContain('Duplicate value: "app"');
  });
});

describe('pods/binding', () => {
  it('places a pod for a custom scheduler once, and refuses a second binding', async () => {
    const name = await createPod({
      schedulerName: 'my-scheduler',
      containers: [{ name: 'app', image: 'nginx:1.27' }],
    });
    const bind = () =>
      api('POST', `${PODS}/${name}/binding`, {
        body: {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name },
          target: { kind: 'Node', name: 'worker-1' },
        },
      });
    expect((await bind()).status).toBe(201);
    const pod = (await api('GET', `${PODS}/${name}`)).body as { spec: { nodeName?: string } };
    expect(pod.spec.nodeName).toBe('worker-1');
    const again = await bind();
    expect(again.status).toBe(409);
    expect(again.body.message).toContain(`pod ${name} is already assigned to node "worker-1"`);
  });
});

describe('verbs a subresource does not serve', () => {
  it('answers 405 instead of the parent object, and a clear 400 for attach', async () => {
    const name = await createPod({ containers: [{ name: 'app', image: 'nginx:1.27' }] });
    expect((await api('GET', `${PODS}/${name}/binding`)).status).toBe(405);
    const logPatch = await api('PATCH', `${PODS}/${name}/log`, { rawBody: '{}', contentType: mergePatch });
    expect(logPatch.status).toBe(405);
    const attach = await api('GET', `${PODS}/${name}/attach`);
    expect(attach.status).toBe(400);
    expect(attach.body.message).toContain('attaching to a running container is not simulated');
  });
});
