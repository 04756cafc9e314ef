// pods/log and pods/exec on the simulator's own HTTPS server (authentication, RBAC and the upgrade
// handler included), driven by the real kubectl, @kubernetes/client-node's Log and Exec, and raw
// HTTPS and WebSocket clients where the exact status codes and channel frames matter.
import { request as httpsRequest } from 'node:https';
import { PassThrough, Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import type { KubeObject } from '../../src/types.js';
import { type ClusterWithUsers, startClusterWithUsers } from '../helpers/cluster-with-users.js';
import { Kubectl, kubectlAvailability } from '../helpers/kubectl.js';

const PODS = { group: '', resource: 'pods' };
const kubectl = await kubectlAvailability();
if (!kubectl.ok) console.warn(`kubectl tests skipped: ${kubectl.reason}`);
const withKubectl = (title: string) =>
  kubectl.ok ? `${title} (${kubectl.reason})` : `${title} (skipped: ${kubectl.reason})`;

function podsOf(devcluster: DevCluster, namespace: string, app: string): KubeObject[] {
  return devcluster.cluster.store
    .list(PODS, namespace)
    .filter((pod) => pod.metadata.labels?.app === app)
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
}

function podName(pod: KubeObject | undefined): string {
  return pod?.metadata.name ?? '';
}

function crashLooping(pod: KubeObject): boolean {
  const statuses = (pod.status as { containerStatuses?: { state?: { waiting?: { reason?: string } } }[] })
    .containerStatuses;
  return statuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff';
}

/** Resolves once `condition` holds, polling; fails with `explain()` after the timeout. */
async function until(condition: () => boolean, explain: () => string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface HttpAnswer {
  status: number;
  type: string | undefined;
  body: string;
}

/** A plain GET over HTTPS that trusts the cluster's CA, as kubectl does. */
function get(devcluster: DevCluster, path: string, token: string): Promise<HttpAnswer> {
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

interface WebSocketResult {
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
function execOverWebSocket(
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
async function refusal(exec: Promise<WebSocketResult>): Promise<RefusedUpgrade> {
  const error = await exec.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof RefusedUpgrade)) throw new Error(`expected a refused upgrade, got ${error}`);
  return error;
}

function channelText(result: WebSocketResult, channel: number): string {
  return result.frames
    .filter((frame) => frame[0] === channel)
    .map((frame) => frame.subarray(1).toString())
    .join('');
}

const podPath = (namespace: string, pod: string, rest: string) =>
  `/api/v1/namespaces/${namespace}/pods/${pod}/${rest}`;

describe('pods/log and pods/exec on the simulator', () => {
  // The clock the log handler reads; tests move it forward to make containers log more.
  const clock = { now: new Date() };
  let devcluster: DevCluster;
  let webPod: string;
  let followedWebPod: string;
  let apiPod: string;
  let pendingPod: string;

  beforeAll(async () => {
    devcluster = await startDevCluster({ tls: true, now: () => clock.now });
    const webPods = podsOf(devcluster, 'team-a', 'web');
    // The newest web pod started minutes ago: its log still holds nginx's start-up lines.
    webPod = podName(webPods.at(-1));
    // Another one, deleted while followed.
    followedWebPod = podName(webPods[0]);
    apiPod = podName(podsOf(devcluster, 'team-a', 'api').find(crashLooping));
    pendingPod = podName(podsOf(devcluster, 'team-b', 'worker')[0]);
  });
  afterAll(async () => {
    await devcluster?.stop();
  });

  describe('logs over HTTPS', () => {
    const log = (namespace: string, pod: string, query = '') =>
      get(devcluster, podPath(namespace, pod, `log${query}`), devcluster.adminToken);

    it('answers text/plain lines of the container', async () => {
      const answer = await log('team-a', webPod);
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('text/plain');
      expect(answer.body).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    });

    it('refuses a negative tailLines with the 422 ValidatePodLogOptions gives', async () => {
      const answer = await log('team-a', webPod, '?tailLines=-1');
      expect(answer.status).toBe(422);
      expect(JSON.parse(answer.body).message).toBe(
        `PodLogOptions "${webPod}" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0`,
      );
    });

    it('cuts the log at limitBytes', async () => {
      expect((await log('team-a', webPod, '?limitBytes=10')).body).toBe('/docker-en');
    });

    it('answers 204 with no content for a pod no node has taken yet', async () => {
      const answer = await log('team-b', pendingPod);
      expect(answer.status).toBe(204);
      expect(answer.body).toBe('');
    });

    it('answers 404 with a Status for a pod that does not exist', async () => {
      const answer = await log('team-a', 'gone');
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body)).toMatchObject({ reason: 'NotFound', message: 'pods "gone" not found' });
    });

    it('answers 401 to a request without valid credentials', async () => {
      const answer = await get(devcluster, podPath('team-a', webPod, 'log'), 'not-a-token');
      expect(answer.status).toBe(401);
    });
  });

  describe('exec over WebSocket', () => {
    const exec = (pod: string, query: string) => podPath('team-a', pod, `exec?${query}`);
    const run = (pod: string, query: string, protocols: string[], stdin?: string) =>
      execOverWebSocket(devcluster, exec(pod, query), protocols, devcluster.adminToken, stdin);

    it('picks v5.channel.k8s.io, streams stdout and ends with a Success status', async () => {
      const result = await run(webPod, 'command=echo&command=hi&stdout=true&stderr=true', [
        'v5.channel.k8s.io',
        'v4.channel.k8s.io',
      ]);
      expect(result.protocol).toBe('v5.channel.k8s.io');
      expect(result.frames[0]).toEqual(Buffer.from([1]));
      expect(channelText(result, 1)).toBe('hi\n');
      expect(result.status).toEqual({ metadata: {}, status: 'Success' });
    });

    it("reports a non-zero exit over v4 with the kubelet's message", async () => {
      const result = await run(webPod, 'command=sh&command=-c&command=exit%203&stdout=true', [
        'v4.channel.k8s.io',
      ]);
      expect(result.status).toEqual({
        metadata: {},
        status: 'Failure',
        message:
          'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '3' }] },
      });
    });

    it("ends a v5 session that exits non-zero with the apiserver translator's Status", async () => {
      const result = await run(
        webPod,
        'command=sh&command=-c&command=echo%20oops%20%3E%262%3B%20exit%207&stdout=true&stderr=true',
        ['v5.channel.k8s.io'],
      );
      expect(channelText(result, 2)).toBe('oops\n');
      expect(result.status).toEqual({
        metadata: {},
        status: 'Failure',
        message: 'command terminated with non-zero exit code: command terminated with exit code 7',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '7' }] },
      });
    });

    it('reports an unknown command on stderr and ends with exit code 127', async () => {
      const result = await run(webPod, 'command=nosuchcommand&stdout=true&stderr=true', [
        'v5.channel.k8s.io',
      ]);
      expect(channelText(result, 2)).toBe('nosuchcommand: command not found\n');
      expect(result.status).toMatchObject({
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '127' }] },
      });
    });

    it('feeds stdin to a command that reads it, until the client closes stdin', async () => {
      const result = await run(webPod, 'command=cat&stdin=true&stdout=true', ['v5.channel.k8s.io'], 'in\n');
      expect(channelText(result, 1)).toBe('in\n');
    });

    it('refuses subprotocols it does not speak with a bare 403', async () => {
      const refused = await refusal(run(webPod, 'command=ls&stdout=true', ['v3.channel.k8s.io']));
      expect(refused.status).toBe(403);
      expect(refused.body).toBe('');
    });

    it('refuses an upgrade for a pod that does not exist with the 404 Status', async () => {
      const refused = await refusal(run('gone', 'command=ls&stdout=true', ['v5.channel.k8s.io']));
      expect(refused.status).toBe(404);
      expect(JSON.parse(refused.body)).toMatchObject({
        reason: 'NotFound',
        message: 'pods "gone" not found',
      });
    });

    it('refuses an upgrade without valid credentials with the 401 Status', async () => {
      const refused = await refusal(
        execOverWebSocket(devcluster, exec(webPod, 'command=ls&stdout=true'), ['v5.channel.k8s.io'], 'nope'),
      );
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
    });

    it('refuses an unknown container before upgrading, with the 400 Status', async () => {
      const answer = await get(
        devcluster,
        exec(webPod, 'command=ls&stdout=true&container=nope'),
        devcluster.adminToken,
      );
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({
        reason: 'BadRequest',
        message: `container nope is not valid for pod ${webPod}`,
      });
    });

    it('answers a request that does not upgrade with the 400 the proxy gives', async () => {
      const answer = await get(devcluster, exec(webPod, 'command=ls&stdout=true'), devcluster.adminToken);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({
        reason: 'BadRequest',
        message: 'Upgrade request required',
      });
    });

    it('reports over v5, after upgrading, that the kubelet finds no running container', async () => {
      const result = await run(apiPod, 'command=ls&stdout=true', ['v5.channel.k8s.io']);
      expect(result.status).toEqual({
        metadata: {},
        status: 'Failure',
        message: 'Internal error occurred: unable to upgrade connection: container not found ("api")',
        reason: 'InternalError',
        details: { causes: [{ message: 'unable to upgrade connection: container not found ("api")' }] },
        code: 500,
      });
    });
  });

  describe('@kubernetes/client-node', () => {
    let config: k8s.KubeConfig;

    beforeAll(() => {
      config = new k8s.KubeConfig();
      config.loadFromString(devcluster.kubeconfig);
    });

    it('reads a log with Log, honouring tailLines', async () => {
      let text = '';
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          text += chunk.toString();
          callback();
        },
      });
      const finished = new Promise((resolve) => sink.on('finish', resolve));
      await new k8s.Log(config).log('team-a', webPod, 'web', sink, { tailLines: 2 });
      await finished;
      const lines = text.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/"GET \/\S* HTTP\/1\.1"/);
    });

    it('runs a command with Exec, gets its stdout and reports the exit status', async () => {
      const stdout = new PassThrough();
      let output = '';
      stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const status = await new Promise<k8s.V1Status>((resolve, reject) => {
        new k8s.Exec(config)
          .exec('team-a', webPod, 'web', ['sh', '-c', 'echo out; exit 4'], stdout, null, null, false, resolve)
          .catch(reject);
      });
      expect(output).toBe('out\n');
      expect(status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode' });
      expect(status.details?.causes?.[0]?.message).toBe('4');
    });
  });

  describe.skipIf(!kubectl.ok)(withKubectl('with kubectl'), () => {
    const cli = () => new Kubectl(devcluster.kubeconfig);

    describe('logs', () => {
      it('prints a container log, and its last two lines with --tail=2', async () => {
        const full = await cli().ok(['logs', '-n', 'team-a', webPod]);
        expect(full).toContain('[notice] 1#1: start worker processes');
        const tail = await cli().ok(['logs', '-n', 'team-a', webPod, '--tail=2']);
        expect(tail.trim().split('\n')).toEqual(full.trim().split('\n').slice(-2));
      });

      it('follows with -f: new lines appear as the clock moves, and it ends when the pod goes', async () => {
        const admin = cli();
        const followed = admin.start(['logs', '-f', '-n', 'team-a', followedWebPod, '--tail=1']);
        const exited = new Promise<number | null>((resolve) => followed.child.on('exit', resolve));
        try {
          await until(
            () => followed.output().endsWith('\n'),
            () => `the first line; got ${followed.output()}`,
          );
          const before = followed.output().split('\n').length;
          clock.now = new Date(clock.now.getTime() + 60_000);
          await until(
            () => followed.output().split('\n').length > before,
            () => `new lines; got ${followed.output()}`,
          );
          expect(followed.output().trim().split('\n').at(-1)).toMatch(/"GET \/\S* HTTP\/1\.1"/);
          await admin.ok(['delete', 'pod', '-n', 'team-a', followedWebPod, '--wait=false']);
          expect(await exited).toBe(0);
        } finally {
          followed.child.kill();
        }
      });

      it('shows the fatal error that ends a crash-looping container, now and with --previous', async () => {
        const current = await cli().ok(['logs', '-n', 'team-a', apiPod]);
        const previous = await cli().ok(['logs', '-n', 'team-a', apiPod, '--previous']);
        const lastLine = current.trim().split('\n').at(-1);
        expect(lastLine).toContain('level=fatal');
        expect(lastLine).toContain('connection refused');
        expect(previous).toBe(current);
      });

      it("prints the kubelet's message for a container that never terminated, with --previous", async () => {
        const result = await cli().run(['logs', '-n', 'team-a', webPod, '--previous']);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          `Error from server (BadRequest): previous terminated container "web" in pod "${webPod}" not found`,
        );
      });
    });

    describe('exec', () => {
      const exec = (command: string[], input?: string) =>
        cli().run(
          ['exec', ...(input === undefined ? [] : ['-i']), '-n', 'team-a', webPod, '--', ...command],
          input,
        );

      it('runs echo in the container', async () => {
        expect(await exec(['echo', 'hi'])).toMatchObject({ stdout: 'hi\n', code: 0 });
      });

      it('exits with the exit code of the command', async () => {
        const result = await exec(['exit', '3']);
        expect(result.code).toBe(3);
        expect(result.stderr).toContain('command terminated with exit code 3');
      });

      it('exits with the exit code of a shell script', async () => {
        const result = await exec(['sh', '-c', 'exit 5']);
        expect(result.code).toBe(5);
        expect(result.stderr).toContain('command terminated with exit code 5');
      });

      it('exits 127 and says so on stderr for a command the container does not have', async () => {
        const result = await exec(['nosuchcommand']);
        expect(result.code).toBe(127);
        expect(result.stderr).toContain('nosuchcommand: command not found');
      });

      it('passes stdin with -i', async () => {
        expect(await exec(['cat'], 'piped in\n')).toMatchObject({ stdout: 'piped in\n', code: 0 });
      });

      it("reads a file mounted from a ConfigMap volume: web-config's nginx.conf", async () => {
        const configMap = JSON.parse(
          await cli().ok(['get', 'configmap', 'web-config', '-n', 'team-a', '-o', 'json']),
        );
        const result = await exec(['cat', '/etc/nginx/nginx.conf']);
        expect(result.code).toBe(0);
        expect(result.stdout).toBe(configMap.data['nginx.conf']);
        expect(result.stdout).toContain('proxy_pass http://api:8080/;');
      });

      it('cannot exec in a crash-looping container, as the kubelet finds no running container', async () => {
        const result = await cli().run(['exec', '-n', 'team-a', apiPod, '--', 'echo', 'hi']);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          'error: Internal error occurred: unable to upgrade connection: container not found ("api")',
        );
      });
    });
  });
});

// A Role that grants the WebSocket GET's own verb on pods/exec but not the `create` 1.35 also demands.
const EXEC_GET_ONLY = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: exec-get-only, namespace: team-a }
rules: [{ apiGroups: [''], resources: [pods/exec], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: exec-get-only, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: exec-get-only }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: getter }]
`;
const GETTER_TOKEN = 'getter-token';

describe.skipIf(!kubectl.ok)(withKubectl('pods/log and pods/exec under RBAC, with OIDC users'), () => {
  let env: ClusterWithUsers;
  let webPod: string;
  let otherTeamPod: string;

  beforeAll(async () => {
    env = await startClusterWithUsers({
      tls: true,
      tokens: { [GETTER_TOKEN]: { username: 'getter', uid: 'getter', groups: ['system:authenticated'] } },
    });
    await new Kubectl(env.devcluster.kubeconfig).ok(['apply', '-f', '-'], EXEC_GET_ONLY);
    webPod = podName(podsOf(env.devcluster, 'team-a', 'web').at(-1));
    otherTeamPod = podName(
      env.devcluster.cluster.store
        .list(PODS, 'team-b')
        .find((pod) => (pod.spec as { nodeName?: string }).nodeName && !crashLooping(pod)),
    );
  });
  afterAll(async () => {
    await env?.stop();
  });

  const as = (user: 'alice' | 'bob') => new Kubectl(env.kubeconfigFor(env.tokens[user]));

  it('lets bob (view) read logs', async () => {
    expect(await as('bob').ok(['logs', '-n', 'team-a', webPod, '--tail=1'])).toMatch(/HTTP\/1\.1/);
  });

  it('forbids bob (view) to exec', async () => {
    const result = await as('bob').run(['exec', '-n', 'team-a', webPod, '--', 'echo', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Error from server (Forbidden)');
    expect(result.stderr).toContain('User "bob@example.com" cannot create resource "pods/exec"');
  });

  it('refuses bob the WebSocket upgrade with a 403 Status naming pods/exec', async () => {
    const refused = await refusal(
      execOverWebSocket(
        env.devcluster,
        podPath('team-a', webPod, 'exec?command=ls&stdout=true'),
        ['v5.channel.k8s.io'],
        env.tokens.bob,
      ),
    );
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      reason: 'Forbidden',
      details: { name: webPod, kind: 'pods' },
    });
    expect(JSON.parse(refused.body).message).toContain('cannot get resource "pods/exec"');
  });

  it('refuses an upgrade allowed to get pods/exec but not to create it, as Kubernetes 1.35 does', async () => {
    const refused = await refusal(
      execOverWebSocket(
        env.devcluster,
        podPath('team-a', webPod, 'exec?command=ls&stdout=true'),
        ['v5.channel.k8s.io'],
        GETTER_TOKEN,
      ),
    );
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      reason: 'Forbidden',
      // NewForbidden with RBAC's reason for a denial, which is empty.
      message: `pods "${webPod}" is forbidden: `,
      details: { name: webPod, kind: 'pods' },
    });
  });

  it('applies impersonation before authorizing the upgrade: the admin as bob may not exec', async () => {
    const admin = new Kubectl(env.devcluster.kubeconfig);
    const asBob = await admin.run([
      'exec',
      '--as=bob@example.com',
      '-n',
      'team-a',
      webPod,
      '--',
      'echo',
      'hi',
    ]);
    expect(asBob.code).toBe(1);
    expect(asBob.stderr).toContain('User "bob@example.com" cannot create resource "pods/exec"');
    expect(
      await admin.ok(['exec', '--as=alice@example.com', '-n', 'team-a', webPod, '--', 'echo', 'hi']),
    ).toBe('hi\n');
  });

  it('lets alice (edit in team-a) exec in team-a', async () => {
    expect(await as('alice').ok(['exec', '-n', 'team-a', webPod, '--', 'echo', 'hi'])).toBe('hi\n');
  });

  it('forbids alice to exec in team-b, where she has no role', async () => {
    const result = await as('alice').run(['exec', '-n', 'team-b', otherTeamPod, '--', 'echo', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error from server (Forbidden)');
  });
});
