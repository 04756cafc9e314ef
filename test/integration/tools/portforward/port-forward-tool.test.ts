import { once } from 'node:events';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ClusterWithUsers, startClusterWithUsers } from '@mcp-kubernetes/devcluster/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterAccess } from '../../../../src/k8s/cluster-client.js';
import { PortForwards } from '../../../../src/tools/portforward/port-forwards.js';
import { accepts, httpGet } from '../../../helpers/local-http.js';
import { connectToolClient, type ToolClient } from '../../../helpers/tool-client.js';
import { accessFor, failed, ok } from '../tool-harness.js';

// The port-forward tools through the SDK's MCP client, against the simulator's pods/portforward:
// real listeners on 127.0.0.1, real HTTP through them to the seeded nginx pods.

let users: ClusterWithUsers;
let access: ClusterAccess;
const open: ToolClient[] = [];

beforeAll(async () => {
  users = await startClusterWithUsers({ seed: 'default' });
  access = accessFor(users.devcluster.kubeconfig);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});
afterAll(async () => {
  await access.close();
  await users.stop();
});

/** One MCP session of a server whose sessions share `portForwards`. */
async function session(
  portForwards = new PortForwards({ perSession: 10, total: 100 }),
  bearerToken?: string,
): Promise<ToolClient> {
  const client = await connectToolClient({
    access,
    flags: { nonDestructive: false, requestTimeout: 10_000 },
    portForwards,
    ...(bearerToken && { identity: { bearerToken } }),
  });
  open.push(client);
  return client;
}

async function start(
  client: ToolClient,
  args: Record<string, unknown>,
): Promise<{ address: string; id: string }> {
  const text = ok(await client.call('kubernetes_port_forward', { namespace: 'team-a', ...args }));
  const match = /^Forwarding (127\.0\.0\.1:\d+) -> team-a\/\S+:\d+ \(\S+\), id (pf-\d+)\./.exec(text);
  if (!match?.[1] || !match[2]) throw new Error(`unexpected answer: ${text}`);
  return { address: match[1], id: match[2] };
}

describe('kubernetes_port_forward', () => {
  it('forwards a local port to nginx in a pod of a deployment, lists it, and closes it when stopped', async () => {
    const client = await session();
    const forward = await start(client, { resourceType: 'deployment', name: 'web', port: 80 });
    const page = await httpGet(forward.address);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Welcome to nginx!</title>');
    expect((await httpGet(forward.address, '/missing')).status).toBe(404);

    const list = ok(await client.call('kubernetes_port_forward_list'));
    expect(list).toMatch(/^ID\s+LOCAL\s+POD:PORT\s+TARGET\s+OPEN\/TOTAL\s+LAST ERROR/);
    expect(list).toMatch(
      new RegExp(`${forward.id}\\s+${forward.address}\\s+team-a/web-\\S+:80\\s+deployment/web\\s+\\d/2`),
    );

    expect(ok(await client.call('kubernetes_port_forward_stop', { id: forward.id }))).toContain(
      `Stopped ${forward.id}: ${forward.address} ->`,
    );
    expect(await accepts(forward.address)).toBe(false);
    expect(ok(await client.call('kubernetes_port_forward_list'))).toBe('No port forwards in this session.');
    expect(failed(await client.call('kubernetes_port_forward_stop', { id: forward.id }))).toContain(
      `This session has no port forward "${forward.id}" (it has none).`,
    );
  });

  it('forwards to a pod by name, and to a service port through its targetPort; stops all at once', async () => {
    const client = await session();
    const byService = await start(client, { resourceType: 'svc', name: 'web', port: 80 });
    const list = ok(await client.call('kubernetes_port_forward_list'));
    const pod = /team-a\/(web-\S+):80/.exec(list)?.[1] ?? '';
    const byPod = await start(client, { name: pod, port: 80, localPort: 0 });
    for (const forward of [byService, byPod]) {
      expect((await httpGet(forward.address)).body).toContain('Welcome to nginx!');
    }
    expect(ok(await client.call('kubernetes_port_forward_stop'))).toBe(
      `Stopped ${byService.id} (${byService.address}), ${byPod.id} (${byPod.address}).`,
    );
    expect(await accepts(byService.address)).toBe(false);
    expect(await accepts(byPod.address)).toBe(false);
    expect(
      failed(
        await client.call('kubernetes_port_forward', {
          namespace: 'team-a',
          resourceType: 'svc',
          name: 'web',
          port: 81,
        }),
      ),
    ).toBe('service "web" has no port 81 (its ports: 80)');
  });

  it('keeps forwards to the session that made them, and closes them when it ends', async () => {
    const shared = new PortForwards({ perSession: 10, total: 100 });
    const first = await session(shared);
    const second = await session(shared);
    const forward = await start(first, { resourceType: 'deployment', name: 'web', port: 80 });
    expect(ok(await second.call('kubernetes_port_forward_list'))).toBe('No port forwards in this session.');
    expect(failed(await second.call('kubernetes_port_forward_stop', { id: forward.id }))).toContain(
      `This session has no port forward "${forward.id}"`,
    );
    expect(ok(await second.call('kubernetes_port_forward_stop'))).toContain('nothing to stop');
    expect(await accepts(forward.address)).toBe(true);

    await first.client.close();
    await expect.poll(() => accepts(forward.address)).toBe(false);
  });

  it('refuses a forward beyond the per-session and the total bounds, with the flag to change', async () => {
    const shared = new PortForwards({ perSession: 2, total: 3 });
    const first = await session(shared);
    const second = await session(shared);
    const web = { resourceType: 'deployment', name: 'web', port: 80 };
    await start(first, web);
    await start(first, web);
    expect(failed(await first.call('kubernetes_port_forward', { namespace: 'team-a', ...web }))).toContain(
      'this MCP session already holds 2 port forwards, the most it may (--max-port-forwards-per-session)',
    );
    await start(second, web);
    expect(failed(await second.call('kubernetes_port_forward', { namespace: 'team-a', ...web }))).toContain(
      'the server already holds 3 port forwards across its sessions, the most it may (--max-port-forwards)',
    );
    ok(await first.call('kubernetes_port_forward_stop'));
    await start(second, web);
  });

  it('answers a client that shuts its sending side after the request, as kubectl port-forward does', async () => {
    const client = await session();
    const forward = await start(client, { resourceType: 'deployment', name: 'web', port: 80 });
    const [host, port] = forward.address.split(':');
    const socket = connect({ host: host ?? '', port: Number(port) });
    const answer: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => answer.push(chunk));
    const closed = once(socket, 'close');
    socket.end('GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n');
    await closed;
    expect(Buffer.concat(answer).toString('utf8')).toMatch(/^HTTP\/1\.1 200 [\s\S]*Welcome to nginx!/);
  });

  it('closes a half-closed connection the pod keeps open once the request timeout has passed', async () => {
    const client = await connectToolClient({
      access,
      flags: { nonDestructive: false, requestTimeout: 1000 },
    });
    open.push(client);
    const forward = await start(client, { resourceType: 'deployment', name: 'web', port: 80 });
    const [host, port] = forward.address.split(':');
    const socket = connect({ host: host ?? '', port: Number(port) });
    const answer: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => answer.push(chunk));
    const closed = once(socket, 'close').then(() => 'closed');
    // HTTP/1.1 keeps the connection alive: only our deadline ends it.
    socket.end('GET / HTTP/1.1\r\nHost: web\r\n\r\n');
    const outcome = await Promise.race([closed, sleep(8000).then(() => 'still open')]);
    socket.destroy();
    expect(outcome).toBe('closed');
    expect(Buffer.concat(answer).toString('utf8')).toContain('Welcome to nginx!');
  });

  it('refuses a local port that is taken', async () => {
    const client = await session();
    const taken = await start(client, { resourceType: 'deployment', name: 'web', port: 80 });
    const localPort = Number(taken.address.split(':')[1]);
    const answer = failed(
      await client.call('kubernetes_port_forward', {
        namespace: 'team-a',
        name: 'web',
        resourceType: 'deploy',
        port: 80,
        localPort,
      }),
    );
    expect(answer).toContain(`cannot listen on 127.0.0.1:${localPort}: listen EADDRINUSE`);
    expect(ok(await client.call('kubernetes_port_forward_list')).split('\n')).toHaveLength(2);
  });

  it('drops a connection to a port nothing listens on in the pod, and reports why in the list', async () => {
    const client = await session();
    const forward = await start(client, { resourceType: 'deployment', name: 'web', port: 81 });
    await expect(httpGet(forward.address)).rejects.toThrow(/socket hang up|ECONNRESET/);
    const list = ok(await client.call('kubernetes_port_forward_list'));
    expect(list).toMatch(
      /0\/1\s+\S+Z port-forward to port 81 of pod team-a\/web-\S+: error forwarding port 81/,
    );
    expect(list).toContain('connect: connection refused');
    // The listener keeps serving, and so does the server.
    expect(await accepts(forward.address)).toBe(true);
    ok(await client.call('kubernetes_list', { resourceType: 'pods', namespace: 'team-a' }));
  });

  it('refuses a pod that is not running, and a workload without one', async () => {
    const client = await session();
    expect(
      failed(
        await client.call('kubernetes_port_forward', {
          namespace: 'team-b',
          resourceType: 'deploy',
          name: 'worker',
          port: 80,
        }),
      ),
    ).toMatch(
      /^deployment\/worker has no running pod among its 1 \(selector app=worker\); nothing to forward to$/,
    );
  });

  it("forwards under the caller's identity: a user without pods/portforward is forbidden", async () => {
    const bob = await session(undefined, users.tokens.bob);
    const answer = failed(
      await bob.call('kubernetes_port_forward', {
        namespace: 'team-a',
        resourceType: 'deploy',
        name: 'web',
        port: 80,
      }),
    );
    expect(answer).toMatch(/forbidden/i);
    expect(answer).toContain('pods/portforward');
    expect(ok(await bob.call('kubernetes_port_forward_list'))).toBe('No port forwards in this session.');
    const alice = await session(undefined, users.tokens.alice);
    const forward = await start(alice, { resourceType: 'deploy', name: 'web', port: 80 });
    expect((await httpGet(forward.address)).status).toBe(200);
  });
});
