import { describe, expect, it } from 'vitest';
import {
  answerContainerHttp,
  type ContainerHttpOutcome,
  type ContainerHttpRequest,
  httpResponseBytes,
} from '../../../src/pods/container-http.js';
import type { KubeObject } from '../../../src/types.js';

const now = new Date('2026-03-10T12:00:00Z');

function pod(
  image: string,
  port: number,
  options: { phase?: string; running?: boolean; protocol?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'team-a' },
    spec: {
      containers: [
        {
          name: 'main',
          image,
          ports: [
            {
              name: 'http',
              containerPort: port,
              ...(options.protocol ? { protocol: options.protocol } : {}),
            },
          ],
          readinessProbe: { httpGet: { path: '/ready' } },
        },
      ],
    },
    status: {
      phase: options.phase ?? 'Running',
      containerStatuses: [
        { name: 'main', state: options.running === false ? { waiting: {} } : { running: {} } },
      ],
    },
  };
}

function get(path: string, method = 'GET', body = ''): ContainerHttpRequest {
  return { method, path, headers: { accept: '*/*' }, body: Buffer.from(body) };
}

function response(outcome: ContainerHttpOutcome) {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${outcome.kind}`);
  return { ...outcome.response, text: outcome.response.body.toString() };
}

describe('the simulated container HTTP responder', () => {
  const nginx = pod('nginx:1.27', 80);

  it('serves the nginx welcome page at / with the Server header of the image version', () => {
    const answer = response(answerContainerHttp(nginx, 80, get('/'), now));
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({ Server: 'nginx/1.27.3', 'Content-Type': 'text/html' });
    expect(answer.text).toContain('<title>Welcome to nginx!</title>');
    expect(answer.headers['Content-Length']).toBe(String(answer.body.length));
  });

  it('answers unknown paths with nginx 404 page, other methods with 405, HEAD without a body', () => {
    const missing = response(answerContainerHttp(nginx, 80, get('/nope?x=1'), now));
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<center>nginx/1.27.3</center>');
    expect(response(answerContainerHttp(nginx, 80, get('/', 'POST'), now)).status).toBe(405);
    const head = response(answerContainerHttp(nginx, 80, get('/', 'HEAD'), now));
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('echoes the request as JSON for other images, and answers ok on health and probe paths', () => {
    const api = pod('registry.example.com/team-a/api:1.4.2', 8080);
    const echo = response(answerContainerHttp(api, 8080, get('/items?limit=2', 'POST', '{"a":1}'), now));
    expect(echo.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(echo.text)).toMatchObject({
      pod: 'p',
      namespace: 'team-a',
      container: 'main',
      port: 8080,
      method: 'POST',
      path: '/items?limit=2',
      headers: { accept: '*/*' },
      body: '{"a":1}',
    });
    expect(response(answerContainerHttp(api, 8080, get('/ready'), now)).text).toBe('ok');
    expect(response(answerContainerHttp(api, 8080, get('/healthz'), now)).text).toBe('ok');
  });

  it('sets the response headers /response-headers asks for, as httpbin does, and never its own framing', () => {
    const api = pod('registry.example.com/team-a/api:1.4.2', 8080);
    const path = '/response-headers?Set-Cookie=session%3Dabc&X-Trace=1&content-length=9&bad%20name=x';
    const echo = response(answerContainerHttp(api, 8080, get(path), now));
    expect(echo.headers).toMatchObject({ 'Set-Cookie': 'session=abc', 'X-Trace': '1' });
    expect(echo.headers['Content-Length']).toBe(String(echo.body.length));
    expect(Object.keys(echo.headers)).not.toContain('bad name');
    expect(Object.keys(echo.headers)).not.toContain('content-length');
    const other = response(answerContainerHttp(api, 8080, get('/items?Set-Cookie=x'), now));
    expect(other.headers['Set-Cookie']).toBeUndefined();
  });

  it('refuses connections on undeclared ports, UDP ports, stopped containers and pods not running', () => {
    expect(answerContainerHttp(nginx, 8080, get('/'), now).kind).toBe('refused');
    expect(answerContainerHttp(pod('nginx', 53, { protocol: 'UDP' }), 53, get('/'), now).kind).toBe(
      'refused',
    );
    expect(answerContainerHttp(pod('nginx', 80, { running: false }), 80, get('/'), now).kind).toBe('refused');
    expect(answerContainerHttp(pod('nginx', 80, { phase: 'Pending' }), 80, get('/'), now).kind).toBe(
      'refused',
    );
  });

  it('hangs up without an answer when the program does not speak HTTP', () => {
    expect(answerContainerHttp(pod('postgres:16', 5432), 5432, get('/'), now)).toEqual({
      kind: 'closed',
      container: 'main',
    });
  });

  it('writes a response as HTTP/1.1 bytes', () => {
    const bytes = httpResponseBytes(
      response(answerContainerHttp(nginx, 80, get('/missing'), now)),
    ).toString();
    expect(bytes.startsWith('HTTP/1.1 404 Not Found\r\nServer: nginx/1.27.3\r\n')).toBe(true);
    expect(bytes).toContain('\r\n\r\n<html>');
  });
});
