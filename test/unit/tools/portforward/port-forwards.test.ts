import { describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../../../src/k8s/cluster-client.js';
import { KubernetesError } from '../../../../src/k8s/kubernetes-error.js';
import { createToolSession } from '../../../../src/mcp/tool-session.js';
import { PortForwards } from '../../../../src/tools/portforward/port-forwards.js';
import { accepts } from '../../../helpers/local-http.js';

// The bookkeeping of port forwards on real loopback listeners, with a cluster that cannot be
// reached: every tunnel fails, as when the API server is down.

const UNREACHABLE = new KubernetesError('no cluster in this test', 'unreachable');
const END = {
  client: { portForward: () => Promise.reject(UNREACHABLE) } as unknown as ClusterClient,
  namespace: 'team-a',
  pod: 'web-1',
  remotePort: 80,
  timeoutMs: 1000,
};
const ABOUT = { target: 'pod/web-1', context: 'demo' };

describe('port forwards', () => {
  it('listen on 127.0.0.1 only, record failed tunnels, and close with the session that holds them', async () => {
    const hub = new PortForwards({ perSession: 5, total: 5 });
    const session = createToolSession();
    const forward = await hub.of(session).start(END, 0, ABOUT);
    expect(forward.localAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(forward.id).toBe('pf-1');
    expect(await accepts(forward.localAddress)).toBe(true);
    // The connection's tunnel failed: the listener keeps the error and keeps listening.
    await expect
      .poll(() => hub.of(session).list()[0]?.activity.lastError?.message)
      .toBe('no cluster in this test');
    await expect.poll(() => hub.of(session).list()[0]?.activity.open).toBe(0);
    expect(hub.of(session).list()[0]?.activity.total).toBe(1);
    expect(await accepts(forward.localAddress)).toBe(true);
    session.end();
    await expect.poll(() => accepts(forward.localAddress)).toBe(false);
    await expect(hub.of(session).start(END, 0, ABOUT)).rejects.toThrow('the MCP session has ended');
  });

  it('refuse new forwards once the server is shutting down', async () => {
    const hub = new PortForwards({ perSession: 5, total: 5 });
    await hub.closeAll();
    await expect(hub.of(createToolSession()).start(END, 0, ABOUT)).rejects.toThrow(
      'the server is shutting down: no new port forwards',
    );
  });

  it('refuse a local port in use, and count it against no limit', async () => {
    const hub = new PortForwards({ perSession: 1, total: 1 });
    const first = createToolSession();
    const busy = await hub.of(first).start(END, 0, ABOUT);
    const port = Number(busy.localAddress.split(':')[1]);
    await hub.of(first).stopAll();
    const other = new PortForwards({ perSession: 1, total: 1 });
    const occupant = await other.of(createToolSession()).start(END, port, ABOUT);
    const session = createToolSession();
    await expect(hub.of(session).start(END, port, ABOUT)).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`,
    );
    expect((await hub.of(session).start(END, 0, ABOUT)).id).toBe('pf-1');
    await Promise.all([hub.closeAll(), other.closeAll()]);
    expect(await accepts(occupant.localAddress)).toBe(false);
  });
});
