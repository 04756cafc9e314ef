// pods/log and pods/exec on the simulator's own HTTPS server (authentication and the upgrade handler
// included), driven by the real kubectl, @kubernetes/client-node's Log and Exec, and raw HTTPS and
// WebSocket clients where the exact status codes and channel frames matter. RBAC is in pod-log-exec-rbac.test.ts.
import { PassThrough, Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import { Kubectl } from '../helpers/kubectl.js';
import {
  channelText,
  crashLooping,
  execOverWebSocket,
  get,
  kubectl,
  podName,
  podPath,
  podsOf,
  refusal,
  until,
  withKubectl,
} from './pod-log-exec-fixture.js';

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
