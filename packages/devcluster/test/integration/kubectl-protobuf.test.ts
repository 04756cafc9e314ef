import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKubernetesObject } from '../../src/protobuf/index.js';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import { Kubectl, kubectlAvailability } from '../helpers/kubectl.js';
import {
  type RecordedRequest,
  type RecordingProxy,
  startRecordingProxy,
} from '../helpers/recording-proxy.js';

// kubectl's typed clients post and read Kubernetes protobuf; a proxy keeps the bytes it sent.
const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const kubectl = await kubectlAvailability();
if (!kubectl.ok) console.warn(`kubectl protobuf tests skipped: ${kubectl.reason}`);

describe.skipIf(!kubectl.ok)(`real kubectl (${kubectl.reason}) speaking protobuf to the simulator`, () => {
  let cluster: DevCluster;
  let proxy: RecordingProxy;
  let client: Kubectl;

  beforeAll(async () => {
    cluster = await startDevCluster({ tls: true });
    proxy = await startRecordingProxy(cluster);
    client = new Kubectl(proxy.kubeconfig);
  });
  afterAll(async () => {
    await proxy?.stop();
    await cluster?.stop();
  });

  /** The last request kubectl sent with this method to a path starting with `path`. */
  function sent(method: string, path: string): RecordedRequest {
    const request = proxy.requests.findLast((item) => item.method === method && item.url.startsWith(path));
    if (!request) throw new Error(`kubectl sent no ${method} ${path}`);
    return request;
  }

  interface Stored {
    metadata: { namespace?: string };
    spec: {
      replicas: number;
      template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
    };
    status: { phase: string };
    data: Record<string, string>;
    type: string;
    rules: unknown[];
    roleRef: unknown;
    subjects: unknown[];
  }

  async function stored(args: string[]): Promise<Stored> {
    return JSON.parse(await client.ok(['get', ...args, '-o', 'json'])) as Stored;
  }

  it('creates a secret from the protobuf body kubectl posts, and answers in protobuf', async () => {
    expect(await client.ok(['create', 'secret', 'generic', 's', '-n', 'team-a', '--from-literal=a=b'])).toBe(
      'secret/s created\n',
    );
    const post = sent('POST', '/api/v1/namespaces/team-a/secrets');
    expect(post.contentType).toBe(PROTOBUF);
    expect(post.body.subarray(0, 4).toString('latin1')).toBe('k8s\0');
    expect(post.responseContentType).toBe(PROTOBUF);
    // Go writes its non-pointer fields even when zero (generation: 0); empty strings decode to nothing.
    expect(decodeKubernetesObject(post.body)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'team-a', generation: 0 },
      data: { a: Buffer.from('b').toString('base64') },
    });
    const secret = await stored(['secret', 's', '-n', 'team-a']);
    expect(secret.data).toEqual({ a: 'Yg==' });
    expect(secret.type).toBe('Opaque');
  });

  it('creates, scales and deletes a deployment', async () => {
    expect(await client.ok(['create', 'deployment', 'd', '--image=nginx:1.27'])).toBe(
      'deployment.apps/d created\n',
    );
    const posted = decodeKubernetesObject(sent('POST', '/apis/apps/v1/namespaces/default/deployments').body);
    expect(posted).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', labels: { app: 'd' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'd' } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: {} }] } },
      },
    });
    const deployment = await stored(['deployment', 'd']);
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.containers[0]?.image).toBe('nginx:1.27');
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'd' });

    expect(await client.ok(['scale', 'deployment', 'd', '--replicas=3'])).toBe('deployment.apps/d scaled\n');
    expect((await stored(['deployment', 'd'])).spec.replicas).toBe(3);
    await client.ok(['delete', 'deployment', 'd']);
    const gone = await client.run(['get', 'deployment', 'd']);
    expect(gone.stderr).toContain('deployments.apps "d" not found');
  });

  it('creates a configmap, a namespace and a service account as kubectl asked', async () => {
    await client.ok(['create', 'configmap', 'cm', '-n', 'team-b', '--from-literal=k=v']);
    expect((await stored(['configmap', 'cm', '-n', 'team-b'])).data).toEqual({ k: 'v' });
    await client.ok(['create', 'namespace', 'proto-ns']);
    expect((await stored(['namespace', 'proto-ns'])).status.phase).toBe('Active');
    await client.ok(['create', 'serviceaccount', 'robot', '-n', 'proto-ns']);
    expect((await stored(['serviceaccount', 'robot', '-n', 'proto-ns'])).metadata.namespace).toBe('proto-ns');
    for (const path of [
      '/api/v1/namespaces/team-b/configmaps',
      '/api/v1/namespaces?',
      '/api/v1/namespaces/proto-ns/',
    ])
      expect(sent('POST', path).contentType).toBe(PROTOBUF);
  });

  it('creates a role and a role binding that RBAC then honours', async () => {
    await client.ok(['create', 'role', 'pod-reader', '-n', 'team-b', '--verb=get,list', '--resource=pods']);
    await client.ok([
      'create',
      'rolebinding',
      'read-pods',
      '-n',
      'team-b',
      '--role=pod-reader',
      '--user=carol',
    ]);
    const role = await stored(['role', 'pod-reader', '-n', 'team-b']);
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
    const binding = await stored(['rolebinding', 'read-pods', '-n', 'team-b']);
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'pod-reader',
    });
    expect(binding.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'carol' },
    ]);
    // The SelfSubjectAccessReview goes out and comes back in protobuf too.
    const canI = await client.run(['auth', 'can-i', 'list', 'pods', '-n', 'team-b', '--as=carol']);
    expect(canI.stdout).toBe('yes\n');
    expect(sent('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews').responseContentType).toBe(
      PROTOBUF,
    );
  });

  it('reads objects kubectl asks for in protobuf (describe)', async () => {
    const output = await client.ok(['describe', 'deployment', 'web', '-n', 'team-a']);
    expect(output).toMatch(/^Name:\s+web$/m);
    expect(output).toMatch(/^Replicas:\s+\d+ desired/m);
    const get = sent('GET', '/apis/apps/v1/namespaces/team-a/deployments/web');
    expect(get.accept).toBe(`${PROTOBUF},application/json`);
    expect(get.responseContentType).toBe(PROTOBUF);
  });

  it('says there is no such kind when applying one, after reading /openapi/v2 in protobuf', async () => {
    const manifest = 'apiVersion: v1\nkind: NoSuchKind\nmetadata:\n  name: x\n';
    const result = await client.run(['apply', '-f', '-'], manifest);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "NoSuchKind" in version "v1"\nensure CRDs are installed first\n',
    );
    const openApi = sent('GET', '/openapi/v2');
    expect(openApi.accept).toBe('application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
    expect(openApi.responseContentType).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
  });

  it('explains a field from the protobuf OpenAPI v2 document', async () => {
    const output = await client.ok(['explain', 'pods.spec.restartPolicy', '--output=plaintext-openapiv2']);
    expect(output).toMatch(/^FIELD: {4}restartPolicy <string>$/m);
    expect(output).toContain('Restart policy for all containers within the pod.');
  });
});
