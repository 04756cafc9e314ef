// services/proxy and pods/proxy driven by kubectl 1.35: `get --raw` through the API server, and `kubectl
// proxy` on a local port with plain HTTP clients behind it; the errors a real server gives, and RBAC.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../src/start.js';
import type { Kubectl } from '../helpers/kubectl.js';
import { kubectl, podName, podsOf, startClusterWithViewer, withKubectl } from './pod-log-exec-fixture.js';

// A selector no pod matches: the service has no endpoints.
const LONELY_SERVICE = `apiVersion: v1
kind: Service
metadata: { name: lonely, namespace: team-a }
spec: { selector: { app: lonely }, ports: [{ port: 80, targetPort: 8080 }] }
`;
const WEB = '/api/v1/namespaces/team-a/services/web:80/proxy';

interface PlainAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function plainHttp(url: string, method = 'GET', body = ''): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe.skipIf(!kubectl.ok)(withKubectl('services/proxy and pods/proxy with kubectl'), () => {
  let devcluster: DevCluster;
  let admin: Kubectl;
  let viewer: Kubectl;

  beforeAll(async () => {
    ({ devcluster, admin, viewer } = await startClusterWithViewer());
  });
  afterAll(async () => {
    await devcluster?.stop();
  });

  it('reaches nginx behind a service with get --raw, by port number or port name', async () => {
    expect(await admin.ok(['get', '--raw', `${WEB}/`])).toContain('<title>Welcome to nginx!</title>');
    const byName = await admin.ok([
      'get',
      '--raw',
      '/api/v1/namespaces/team-a/services/http:web:http/proxy/',
    ]);
    expect(byName).toContain('<h1>Welcome to nginx!</h1>');
  });

  it('reaches a pod directly, on its first declared port by default', async () => {
    const api = podsOf(devcluster, 'team-a', 'api').map(podName)[0];
    const echo = JSON.parse(
      await admin.ok(['get', '--raw', `/api/v1/namespaces/team-a/pods/${api}/proxy/v1/items?limit=1`]),
    );
    expect(echo).toMatchObject({
      pod: api,
      container: 'api',
      port: 8080,
      method: 'GET',
      path: '/v1/items?limit=1',
    });
    // The API server consumed the credentials: the container never sees them.
    expect(Object.keys(echo.headers)).not.toContain('authorization');
  });

  it('answers a port no service declares, and a pod port nothing listens on, with 503s', async () => {
    const unknownPort = await admin.run(['get', '--raw', '/api/v1/namespaces/team-a/services/web:81/proxy/']);
    expect(unknownPort.stderr.trim()).toBe(
      'Error from server (ServiceUnavailable): no service port 81 found for service "web"',
    );
    const web = podsOf(devcluster, 'team-a', 'web')[0];
    const ip = (web?.status as { podIP?: string } | undefined)?.podIP;
    const refused = await admin.run([
      'get',
      '--raw',
      `/api/v1/namespaces/team-a/pods/${podName(web)}:8080/proxy/`,
    ]);
    expect(refused.stderr.trim()).toBe(
      `Error from server (ServiceUnavailable): error trying to reach service: dial tcp ${ip}:8080: connect: connection refused`,
    );
  });

  it('refuses nodes/proxy clearly rather than pretending', async () => {
    const result = await admin.run(['get', '--raw', '/api/v1/nodes/worker-1/proxy/metrics']);
    expect(result.stderr.trim()).toBe(
      'Error from server (ServiceUnavailable): error trying to reach service: nodes/proxy is not simulated: the simulated kubelets serve no HTTP',
    );
  });

  it('answers a service without endpoints with the 503 a real server gives', async () => {
    await admin.ok(['apply', '-f', '-'], LONELY_SERVICE);
    const result = await admin.run(['get', '--raw', '/api/v1/namespaces/team-a/services/lonely:80/proxy/']);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      'Error from server (ServiceUnavailable): no endpoints available for service "lonely"',
    );
  });

  it('checks RBAC on the proxy subresource: view may not proxy, as on a real cluster', async () => {
    const result = await viewer.run(['get', '--raw', `${WEB}/`]);
    expect(result.stderr.trim()).toBe(
      'Error from server (Forbidden): services "web:80" is forbidden: User "viewer" cannot get resource "services/proxy" in API group "" in the namespace "team-a"',
    );
  });

  it('works through kubectl proxy on a local port, for GET and POST', async () => {
    const proxy = admin.start(['proxy', '--port=0']);
    try {
      await proxy.waitFor('Starting to serve on');
      const local = /Starting to serve on (127\.0\.0\.1:\d+)/.exec(proxy.output())?.[1];
      const page = await plainHttp(`http://${local}${WEB}/`);
      expect(page.status).toBe(200);
      expect(page.headers.server).toBe('nginx/1.27.3');
      expect(page.body).toContain('Welcome to nginx!');
      const missing = await plainHttp(`http://${local}${WEB}/no-such-page`);
      expect(missing.status).toBe(404);
      expect(missing.body).toContain('<center>nginx/1.27.3</center>');
      const posted = await plainHttp(
        `http://${local}/api/v1/namespaces/team-a/services/api:8080/proxy/orders`,
        'POST',
        '{"item":"tea"}',
      );
      expect(JSON.parse(posted.body)).toMatchObject({
        method: 'POST',
        path: '/orders',
        body: '{"item":"tea"}',
      });
      const root = await plainHttp(`http://${local}${WEB}`);
      expect(root.status).toBe(301);
      expect(root.headers.location).toBe(`${WEB}/`);
    } finally {
      proxy.child.kill();
    }
  });
});
