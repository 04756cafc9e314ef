import type { ClusterWithUsers } from '@mcp-kubernetes/devcluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterAccess } from '../../../../src/k8s/cluster-client.js';
import {
  failed,
  ok,
  startToolClusterWithUsers,
  type ToolCaller,
  type ToolClusterWithUsers,
  toolCaller,
} from '../tool-harness.js';

// kubernetes_http_get through the simulator's services/proxy and pods/proxy: team-a's web service
// and pods run nginx (port 80, named "http"), its api service has only crash-looping pods, and
// kube-system's kube-dns exposes CoreDNS's "metrics" port 9153, whose simulated server echoes each
// request as JSON (and sets the headers /response-headers asks for, as httpbin does).

let cluster: ToolClusterWithUsers;
let users: ClusterWithUsers;
let access: ClusterAccess;
let admin: ToolCaller;
beforeAll(async () => {
  cluster = await startToolClusterWithUsers();
  ({ users, access, admin } = cluster);
});
afterAll(() => cluster?.stop());

function podOf(app: string): string {
  const pod = users.devcluster.cluster.store
    .list({ group: '', resource: 'pods' }, 'team-a')
    .find((candidate) => candidate.metadata.labels?.app === app);
  if (!pod?.metadata.name) throw new Error(`no ${app} pod`);
  return pod.metadata.name;
}

describe('kubernetes_http_get', () => {
  it("GETs nginx's page through the service, on its first port when none is given", async () => {
    const text = ok(
      await admin('kubernetes_http_get', { kind: 'service', name: 'web', namespace: 'team-a' }),
    );
    expect(text).toMatch(/^HTTP 200 from GET service team-a\/web:80 \/\ncontent-type: text\/html\n/);
    expect(text).toMatch(/^server: nginx\/1\.27\.\d+$/m);
    expect(text).toContain('<h1>Welcome to nginx!</h1>');
    expect(text).not.toMatch(/^date:/m);
  });

  it('GETs a pod directly, by port name, and answers a 404 of the target as a normal result', async () => {
    const pod = podOf('web');
    const answer = await admin('kubernetes_http_get', {
      kind: 'pod',
      name: pod,
      namespace: 'team-a',
      port: 80,
      path: '/missing',
    });
    expect(answer.isError).toBe(false);
    expect(answer.text).toMatch(new RegExp(`^HTTP 404 from GET pod team-a/${pod}:80 /missing\n`));
    expect(answer.text).toContain('<title>404 Not Found</title>');
    const named = ok(
      await admin('kubernetes_http_get', {
        kind: 'service',
        name: 'kube-dns',
        namespace: 'kube-system',
        port: 'metrics',
        path: 'stats?verbose=yes+please',
      }),
    );
    expect(named).toMatch(/^HTTP 200 from GET service kube-system\/kube-dns:metrics \/stats\n/);
    expect(JSON.parse(named.slice(named.indexOf('\n\n') + 2))).toMatchObject({
      port: 9153,
      method: 'GET',
      path: '/stats?verbose=yes+please',
    });
  });

  it('sends none of the credentials and never shows cookies or challenges the target sets', async () => {
    const text = ok(
      await admin('kubernetes_http_get', {
        kind: 'service',
        name: 'kube-dns',
        namespace: 'kube-system',
        port: 9153,
        path:
          '/response-headers?Set-Cookie=session%3Ds3cr3t-cookie&WWW-Authenticate=Bearer%20realm%3D%22x%22' +
          '&X-Auth-Token=tok-123&Location=%2Flogin%3Fcode%3Dabc',
      }),
    );
    const [head = '', body = ''] = text.split('\n\n');
    expect(head).not.toMatch(/s3cr3t-cookie|realm|tok-123|code=abc/);
    expect(head).toContain('location: /login?<query not shown>');
    // The echoed request: what reached the target carries no Authorization of the caller.
    expect(JSON.parse(body).headers.authorization).toBeUndefined();
  });

  it('cuts a body above --http-get-max-bytes and says so', async () => {
    const text = ok(
      await admin(
        'kubernetes_http_get',
        {
          kind: 'service',
          name: 'kube-dns',
          namespace: 'kube-system',
          port: 9153,
          path: `/?pad=${'x'.repeat(1500)}`,
        },
        { httpGetMaxBytes: 1024 },
      ),
    );
    expect(text).toMatch(/\n\.\.\. \(truncated at 1024 bytes\)$/);
    const body = text.slice(text.indexOf('\n\n') + 2, text.lastIndexOf('\n...'));
    expect(Buffer.byteLength(body)).toBe(1024);
    const capped = ok(
      await admin(
        'kubernetes_http_get',
        {
          kind: 'service',
          name: 'kube-dns',
          namespace: 'kube-system',
          port: 9153,
          path: `/?pad=${'x'.repeat(1500)}`,
        },
        { maxOutputBytes: 1024 },
      ),
    );
    expect(capped).toMatch(/\(truncated at 1024 bytes\)$/);
  });

  it('refuses paths that would leave the proxied target, before any request', async () => {
    for (const path of [
      '/../../secrets',
      '/a/..?b=c',
      '/a/%2e%2e/b',
      '/a%2Fb',
      'http://evil.example/',
      '//evil',
      '/x\r\nHost: y',
      '/a#b',
      '/a?b=c\n',
    ]) {
      const text = failed(
        await admin('kubernetes_http_get', { kind: 'service', name: 'web', namespace: 'team-a', path }),
      );
      expect(text, path).toMatch(/^path /);
    }
    for (const [field, value] of [
      ['name', 'web/../../secrets'],
      ['port', '80/x'],
      ['port', 0],
    ]) {
      const args = { kind: 'service', name: 'web', namespace: 'team-a', [field as string]: value };
      expect(failed(await admin('kubernetes_http_get', args)), String(value)).toMatch(
        new RegExp(`^${field} must be`),
      );
    }
  });

  it('says the service has no endpoints, and passes on RBAC refusals', async () => {
    const lonely =
      'apiVersion: v1\nkind: Service\nmetadata: { name: lonely }\nspec: { selector: { app: lonely }, ports: [{ port: 80 }] }\n';
    ok(await admin('kubernetes_create', { namespace: 'team-a', manifest: lonely }));
    expect(
      failed(await admin('kubernetes_http_get', { kind: 'service', name: 'lonely', namespace: 'team-a' })),
    ).toBe(
      'The API server could not reach service "lonely": no endpoints available for service "lonely" (HTTP 503). ' +
        'Check that the service has ready pods behind that port (kubernetes_describe the service and its pods).',
    );
    expect(
      failed(
        await admin('kubernetes_http_get', {
          kind: 'service',
          name: 'nothing',
          namespace: 'team-a',
          port: 80,
        }),
      ),
    ).toMatch(/^Service "nothing" not found in namespace "team-a"/);
    // bob may view everything but not proxy: get on services/proxy is not in the view role.
    const bob = toolCaller(access, {}, { bearerToken: users.tokens.bob });
    expect(
      failed(await bob('kubernetes_http_get', { kind: 'service', name: 'web', namespace: 'team-a' })),
    ).toMatch(
      /^Forbidden by the cluster's RBAC: .*cannot get resource "services\/proxy" in API group "" in the namespace "team-a"/,
    );
  });
});
