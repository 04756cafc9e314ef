// pods/portforward on the simulator's own HTTPS server, driven by the real kubectl 1.35 (SPDY over
// WebSocket, and plain SPDY/3.1 when told not to use WebSockets), @kubernetes/client-node's
// PortForward (v4 channel WebSocket) and a raw WebSocket client where channel frames matter.
// RBAC is in port-forward-rbac.test.ts.
import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import { Kubectl } from '../helpers/kubectl.js';
import {
  execOverWebSocket,
  get,
  kubectl,
  PODS,
  podName,
  podPath,
  podsOf,
  refusal,
  withKubectl,
} from './pod-log-exec-fixture.js';
import {
  channelPortForward,
  exchange,
  portForward,
  request,
  stopPortForwards,
} from './port-forward-fixture.js';

const NGINX_OK = /^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.27\.3\r\n/;

describe('pods/portforward on the simulator', () => {
  let devcluster: DevCluster;
  let admin: Kubectl;
  let webPod: string;

  beforeAll(async () => {
    devcluster = await startDevCluster({ tls: true });
    admin = new Kubectl(devcluster.kubeconfig);
    webPod = podName(podsOf(devcluster, 'team-a', 'web').at(-1));
  });
  afterEach(stopPortForwards);
  afterAll(async () => {
    await devcluster?.stop();
  });

  describe.skipIf(!kubectl.ok)(withKubectl('kubectl port-forward'), () => {
    it('forwards a local port to nginx in a pod over the SPDY-over-WebSocket tunnel', async () => {
      const forwarding = await portForward(admin, ['-v=6', '-n', 'team-a', `pod/${webPod}`, '0:80'], [80]);
      expect(forwarding.output()).toMatch(/Forwarding from 127\.0\.0\.1:\d+ -> 80\n/);
      // kubectl 1.35 upgraded a WebSocket GET (the tunnel), not its SPDY POST fallback.
      expect(forwarding.output()).toMatch(
        /"Response" verb="GET" url="[^"]+\/portforward" status="101 Switching Protocols"/,
      );
      expect(forwarding.output()).not.toContain('verb="POST"');
      const answer = await exchange(forwarding.local.get(80) ?? 0, [request('/'), request('/missing', true)]);
      const statuses = answer.match(/^HTTP\/1\.1 \d+ [A-Za-z ]+\r$/gm);
      expect(statuses).toEqual(['HTTP/1.1 200 OK\r', 'HTTP/1.1 404 Not Found\r']);
      expect(answer).toMatch(NGINX_OK);
      expect(answer).toContain('<title>Welcome to nginx!</title>');
    });

    it('carries a request body over many SPDY data frames', async () => {
      const forwarding = await portForward(admin, ['-n', 'team-a', `pod/${webPod}`, '0:80'], [80]);
      const body = 'x'.repeat(300_000);
      const post = `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      const answer = await exchange(forwarding.local.get(80) ?? 0, [post, request('/', true)]);
      expect(answer.match(/^HTTP\/1\.1 \d+/gm)).toEqual(['HTTP/1.1 405', 'HTTP/1.1 200']);
    });

    it('forwards to a pod of a deployment', async () => {
      const forwarding = await portForward(admin, ['-n', 'team-a', 'deploy/web', '0:80'], [80]);
      expect(await exchange(forwarding.local.get(80) ?? 0, [request('/', true)])).toMatch(NGINX_OK);
      // Each local connection is forwarded on its own streams.
      expect(await exchange(forwarding.local.get(80) ?? 0, [request('/', true)])).toMatch(NGINX_OK);
    });

    it('forwards two ports of one pod at once', async () => {
      const coredns = podName(
        devcluster.cluster.store
          .list(PODS, 'kube-system')
          .find((pod) => pod.metadata.labels?.['k8s-app'] === 'kube-dns'),
      );
      const forwarding = await portForward(
        admin,
        ['-n', 'kube-system', `pod/${coredns}`, '0:53', '0:9153'],
        [53, 9153],
      );
      const [dns, metrics] = await Promise.all([
        exchange(forwarding.local.get(53) ?? 0, [request('/', true)]),
        exchange(forwarding.local.get(9153) ?? 0, [request('/metrics', true)]),
      ]);
      expect(dns).toContain(`coredns in pod ${coredns} answered GET / on port 53\n`);
      expect(metrics).toContain(`coredns in pod ${coredns} answered GET /metrics on port 9153\n`);
    });

    it('reports the runtime error for a port the pod does not declare, and loses the connection', async () => {
      const forwarding = await portForward(admin, ['-n', 'team-a', `pod/${webPod}`, '0:81'], [81]);
      const local = forwarding.local.get(81) ?? 0;
      expect(await exchange(local, [request('/', true)], true)).toBe('');
      expect(await forwarding.exited).toBe(1);
      expect(forwarding.output()).toMatch(
        new RegExp(
          `an error occurred forwarding ${local} -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : ` +
            'failed to execute portforward in network namespace \\\\"/var/run/netns/cni-[0-9a-f-]+\\\\": ' +
            'failed to connect to localhost:81 inside namespace \\\\"[0-9a-f]{64}\\\\", ' +
            'IPv4: dial tcp4 127.0.0.1:81: connect: connection refused IPv6 dial tcp6 \\[::1\\]:81: connect: connection refused',
        ),
      );
      expect(forwarding.output()).toContain('error: lost connection to pod');
    });

    it('speaks plain SPDY/3.1 to a kubectl told not to use WebSockets', async () => {
      const forwarding = await portForward(admin, ['-v=6', '-n', 'team-a', `pod/${webPod}`, '0:80'], [80], {
        KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false',
      });
      expect(forwarding.output()).toMatch(
        /"Response" verb="POST" url="[^"]+\/portforward" status="101 Switching Protocols"/,
      );
      expect(await exchange(forwarding.local.get(80) ?? 0, [request('/', true)])).toMatch(NGINX_OK);
    });

    it('leaves a pod that is not running to kubectl own check', async () => {
      const pending = podName(podsOf(devcluster, 'team-b', 'worker')[0]);
      const result = await admin.run(['port-forward', '-n', 'team-b', `pod/${pending}`, '0:80']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'error: unable to forward port because pod is not running. Current status=Pending\n',
      );
    });
  });

  describe('over v4 channel WebSockets', () => {
    it('works with client-node PortForward', async () => {
      const config = new k8s.KubeConfig();
      config.loadFromString(devcluster.kubeconfig);
      const output = new PassThrough();
      const errors = new PassThrough();
      const input = new PassThrough();
      let received = '';
      output.on('data', (chunk: Buffer) => {
        received += chunk.toString();
      });
      const ws = (await new k8s.PortForward(config).portForward(
        'team-a',
        webPod,
        [80],
        output,
        errors,
        input,
      )) as WebSocket;
      const closed = new Promise((resolve) => ws.on('close', resolve));
      input.write(request('/', true));
      await closed;
      expect(ws.protocol).toBe('v4.channel.k8s.io');
      expect(received).toMatch(NGINX_OK);
      expect(errors.read()).toBeNull();
    });

    it('opens a data and an error channel per port, each starting with the port, and closes when all are done', async () => {
      const result = await channelPortForward(
        devcluster,
        podPath('team-a', webPod, 'portforward?ports=80&ports=81'),
        request('/', true),
      );
      expect(result.protocol).toBe('v4.channel.k8s.io');
      expect(result.frames.slice(0, 4).map((frame) => frame.toString('hex'))).toEqual([
        '005000',
        '015000',
        '025100',
        '035100',
      ]);
      const text = (channel: number) =>
        Buffer.concat(result.frames.filter((frame) => frame[0] === channel).map((frame) => frame.subarray(1)))
          .subarray(2)
          .toString();
      expect(text(0)).toMatch(NGINX_OK);
      expect(text(1)).toBe('');
      expect(text(2)).toBe('');
      expect(text(3)).toContain('error forwarding port 81 to pod');
    });

    it('speaks v4.base64.channel.k8s.io to a client that asks for it', async () => {
      const result = await channelPortForward(
        devcluster,
        podPath('team-a', webPod, 'portforward?ports=80'),
        request('/', true),
        'v4.base64.channel.k8s.io',
      );
      expect(result.protocol).toBe('v4.base64.channel.k8s.io');
      const messages = result.frames.map((frame) => frame.toString());
      expect(messages.slice(0, 2)).toEqual(['0UAA=', '1UAA=']);
      const data = messages.filter((message) => message.startsWith('0')).slice(1);
      expect(
        Buffer.concat(data.map((message) => Buffer.from(message.slice(1), 'base64'))).toString(),
      ).toMatch(NGINX_OK);
    });

    it('refuses a WebSocket without ports with the kubelet message', async () => {
      const refused = await refusal(
        execOverWebSocket(
          devcluster,
          podPath('team-a', webPod, 'portforward'),
          ['v4.channel.k8s.io'],
          devcluster.adminToken,
        ),
      );
      expect(refused.status).toBe(400);
      expect(refused.body).toBe('query parameter "port" is required\n');
    });

    it('answers a request without an upgrade with the 400 Status kube-apiserver gives', async () => {
      const answer = await get(devcluster, podPath('team-a', webPod, 'portforward'), devcluster.adminToken);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({
        reason: 'BadRequest',
        message: 'Upgrade request required',
      });
    });

    it('answers 404 for a pod that does not exist', async () => {
      const refused = await refusal(
        execOverWebSocket(
          devcluster,
          podPath('team-a', 'nope', 'portforward?ports=80'),
          ['v4.channel.k8s.io'],
          devcluster.adminToken,
        ),
      );
      expect(refused.status).toBe(404);
      expect(JSON.parse(refused.body).message).toBe('pods "nope" not found');
    });
  });
});
