// Shared by the pods/log and pods/exec integration tests: kubectl's availability, finding the seeded pods,
// and raw HTTPS and WebSocket clients for where the exact status codes and channel frames matter.
import { request as httpsRequest } from 'node:https';
import WebSocket from 'ws';
import { buildKubeconfig } from '../../src/kubeconfig.js';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import type { KubeObject } from '../../src/types.js';
import { type ClusterWithUsers, startClusterWithUsers } from '../helpers/cluster-with-users.js';
import { Kubectl, kubectlAvailability } from '../helpers/kubectl.js';

export const PODS = { group: '', resource: 'pods' };
export const kubectl = await kubectlAvailability();
if (!kubectl.ok) console.warn(`kubectl tests skipped: ${kubectl.reason}`);
export const withKubectl = (title: string) =>
  kubectl.ok ? `${title} (${kubectl.reason})` : `${title} (skipped: ${kubectl.reason})`;

export function podsOf(devcluster: DevCluster, namespace: string, app: string): KubeObject[] {
  return devcluster.cluster.store
    .list(PODS, namespace)
    .filter((pod) => pod.metadata.labels?.app === app)
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
}

export function podName(pod: KubeObject | undefined): string {
  return pod?.metadata.name ?? '';
}

export function crashLooping(pod: KubeObject): boolean {
  const statuses = (pod.status as { containerStatuses?: { state?: { waiting?: { reason?: string } } }[] })
    .containerStatuses;
  return statuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff';
}

/** Resolves once `condition` holds, polling; fails with `explain()` after the timeout. */
export async function until(
  condition: () => boolean,
  explain: () => string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface HttpAnswer {
  status: number;
  type: string | undefined;
  body: string;
}

/** A plain GET over HTTPS that trusts the cluster's CA, as kubectl does. */
export function get(devcluster: DevCluster, path: string, token: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      new URL(path, devcluster.url),
      { ca: devcluster.caCert, headers: { Authorization: `Bearer ${token}` } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

export interface WebSocketResult {
  protocol: string;
  frames: Buffer[];
  status: Record<string, unknown> | undefined;
}

/** The HTTP answer to an upgrade the server refused, as the error an exec over WebSocket fails with. */
class RefusedUpgrade extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}`);
  }
}

/** Runs an exec over WebSocket and collects what arrives until the server closes. */
export function execOverWebSocket(
  devcluster: DevCluster,
  path: string,
  protocols: string[],
  token: string,
  stdin?: string,
): Promise<WebSocketResult> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(new URL(path, devcluster.url.replace(/^https/, 'wss')), protocols, {
      headers: { Authorization: `Bearer ${token}` },
      ca: devcluster.caCert,
    });
    const frames: Buffer[] = [];
    ws.on('open', () => {
      if (stdin === undefined) return;
      ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(stdin)]));
      ws.send(Buffer.from([255, 0]));
    });
    ws.on('message', (data: Buffer) => frames.push(data));
    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => reject(new RefusedUpgrade(response.statusCode ?? 0, body)));
    });
    ws.on('error', reject);
    ws.on('close', () => {
      const statusFrame = frames.find((frame) => frame[0] === 3 && frame.length > 1);
      resolve({
        protocol: ws.protocol,
        frames,
        status: statusFrame && JSON.parse(statusFrame.subarray(1).toString()),
      });
    });
  });
}

/** The refused upgrade an exec over WebSocket fails with. */
export async function refusal(exec: Promise<WebSocketResult>): Promise<RefusedUpgrade> {
  const error = await exec.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof RefusedUpgrade)) throw new Error(`expected a refused upgrade, got ${error}`);
  return error;
}

export function channelText(result: WebSocketResult, channel: number): string {
  return result.frames
    .filter((frame) => frame[0] === channel)
    .map((frame) => frame.subarray(1).toString())
    .join('');
}

export const podPath = (namespace: string, pod: string, rest: string) =>
  `/api/v1/namespaces/${namespace}/pods/${pod}/${rest}`;

export const GETTER_TOKEN = 'getter-token';

/**
 * A TLS cluster with OIDC users and a static-token user `getter` bound in team-a to a Role of the
 * given rules (YAML flow lists): for the WebSocket upgrades that need `create` beyond the GET's verb.
 */
export async function startClusterWithGetter(role: string, rules: string[]): Promise<ClusterWithUsers> {
  const env = await startClusterWithUsers({
    tls: true,
    tokens: { [GETTER_TOKEN]: { username: 'getter', uid: 'getter', groups: ['system:authenticated'] } },
  });
  const manifest = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: ${role}, namespace: team-a }
rules:
${rules.map((rule) => `- ${rule}`).join('\n')}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ${role}, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${role} }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: getter }]
`;
  await new Kubectl(env.devcluster.kubeconfig).ok(['apply', '-f', '-'], manifest);
  return env;
}

const VIEWER_TOKEN = 'viewer-token';

export interface ClusterWithViewer {
  devcluster: DevCluster;
  admin: Kubectl;
  /** kubectl as user `viewer`, bound to the `view` ClusterRole in team-a only. */
  viewer: Kubectl;
}

/** A TLS cluster with kubectl for the admin and for a `viewer` who may only view team-a. */
export async function startClusterWithViewer(): Promise<ClusterWithViewer> {
  const devcluster = await startDevCluster({
    tls: true,
    tokens: { [VIEWER_TOKEN]: { username: 'viewer', uid: 'viewer', groups: ['system:authenticated'] } },
  });
  const admin = new Kubectl(devcluster.kubeconfig);
  const viewer = new Kubectl(
    buildKubeconfig({ server: devcluster.url, token: VIEWER_TOKEN, caCert: devcluster.caCert ?? '' }),
  );
  await admin.ok(
    ['apply', '-f', '-'],
    `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: viewer-view, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: viewer }]
`,
  );
  return { devcluster, admin, viewer };
}
