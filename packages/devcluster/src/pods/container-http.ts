// What a simulated container answers when something speaks HTTP to one of its ports: the pod proxy, the
// service proxy and port-forward all reach containers through here, so they all see the same server.
// nginx images serve nginx's pages; Postgres, Redis and MySQL hang up on HTTP; anything else echoes the
// request as JSON (and sets the headers `/response-headers?Name=value` asks for, as httpbin does).
// Only ports a running container declares (TCP) are listening.
import { STATUS_CODES } from 'node:http';
import type { KubeObject } from '../types.js';
import { imageProgram, nginxVersion } from './log-profiles.js';
import { type ContainerSpec, findContainerStatus, podSpec, podStatus } from './pod-shape.js';

export interface ContainerHttpRequest {
  method: string;
  /** The path with its query string, as on the request line: `/index.html?x=1`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface ContainerHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type ContainerHttpOutcome =
  | { kind: 'response'; container: string; response: ContainerHttpResponse }
  /** Nothing listens on the port: a TCP connect is refused. */
  | { kind: 'refused' }
  /** A server that does not speak HTTP: it closes the connection without an answer. */
  | { kind: 'closed'; container: string };

const NON_HTTP_PROGRAMS = new Set(['postgres', 'redis', 'mysql', 'mariadb', 'mongo', 'memcached']);
const HEALTH_PATHS = new Set(['/healthz', '/readyz', '/livez']);

interface DeclaredPort {
  containerPort: number;
  name?: string;
  protocol?: string;
}

function declaredPorts(container: ContainerSpec): DeclaredPort[] {
  return (container.ports ?? []) as DeclaredPort[];
}

/** The running container that declares TCP `port`, if any: only that one accepts connections on it. */
export function listeningContainer(pod: KubeObject, port: number): ContainerSpec | undefined {
  if (podStatus(pod).phase !== 'Running') return undefined;
  return podSpec(pod).containers.find(
    (container) =>
      declaredPorts(container).some(
        (declared) => declared.containerPort === port && (declared.protocol ?? 'TCP') === 'TCP',
      ) && findContainerStatus(pod, container.name)?.state?.running !== undefined,
  );
}

/** A container port by name, as a Service's named targetPort resolves it in each pod. */
export function namedContainerPort(pod: KubeObject, name: string): number | undefined {
  for (const container of podSpec(pod).containers) {
    const found = declaredPorts(container).find((declared) => declared.name === name);
    if (found) return found.containerPort;
  }
  return undefined;
}

function pathOnly(path: string): string {
  return path.split('?')[0] ?? '/';
}

function textResponse(status: number, type: string, text: string, extra: Record<string, string>, now: Date) {
  const body = Buffer.from(text);
  return {
    status,
    headers: {
      ...extra,
      Date: now.toUTCString(),
      'Content-Type': type,
      'Content-Length': String(body.length),
    },
    body,
  };
}

function nginxErrorPage(title: string, server: string): string {
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;
}

function nginxWelcomePage(): string {
  return [
    '<!DOCTYPE html>',
    '<html>',
    '<head>',
    '<title>Welcome to nginx!</title>',
    '</head>',
    '<body>',
    '<h1>Welcome to nginx!</h1>',
    '<p>If you see this page, nginx is installed and working.</p>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function nginxAnswer(
  container: ContainerSpec,
  request: ContainerHttpRequest,
  now: Date,
): ContainerHttpResponse {
  const server = `nginx/${nginxVersion(container.image)}`;
  const headers = { Server: server };
  const html = 'text/html';
  let answer: ContainerHttpResponse;
  if (request.method !== 'GET' && request.method !== 'HEAD')
    answer = textResponse(405, html, nginxErrorPage('405 Not Allowed', server), headers, now);
  else if (['/', '/index.html'].includes(pathOnly(request.path)))
    answer = textResponse(200, html, nginxWelcomePage(), { ...headers, 'Accept-Ranges': 'bytes' }, now);
  else answer = textResponse(404, html, nginxErrorPage('404 Not Found', server), headers, now);
  return request.method === 'HEAD' ? { ...answer, body: Buffer.alloc(0) } : answer;
}

function probePath(container: ContainerSpec): string | undefined {
  return container.readinessProbe?.httpGet?.path;
}

/** `/response-headers?Set-Cookie=a%3Db`: the headers httpbin's endpoint of that name sets on its answer. */
function askedHeaders(path: string): Record<string, string> {
  if (pathOnly(path) !== '/response-headers') return {};
  const query = new URLSearchParams(path.slice(path.indexOf('?') + 1));
  const headers: Record<string, string> = {};
  for (const [name, value] of query) {
    // A name or value that cannot be a header is left out, as the real server could not send it either;
    // so is the framing, which stays the server's own.
    const framing = /^(content-length|transfer-encoding|connection|date)$/i.test(name);
    if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) && !/[\r\n]/.test(value) && !framing)
      headers[name] = value;
  }
  return headers;
}

/** Any other program: health paths answer `ok`, every other path echoes the request back as JSON. */
function echoAnswer(
  pod: KubeObject,
  container: ContainerSpec,
  port: number,
  request: ContainerHttpRequest,
  now: Date,
): ContainerHttpResponse {
  const path = pathOnly(request.path);
  if (HEALTH_PATHS.has(path) || path === probePath(container))
    return textResponse(200, 'text/plain; charset=utf-8', 'ok', {}, now);
  const echo = {
    pod: pod.metadata.name,
    namespace: pod.metadata.namespace,
    container: container.name,
    port,
    method: request.method,
    path: request.path,
    headers: Object.fromEntries(Object.entries(request.headers).filter(([, value]) => value !== undefined)),
    body: request.body.toString('utf8'),
  };
  const answer = textResponse(
    200,
    'application/json',
    `${JSON.stringify(echo)}\n`,
    askedHeaders(request.path),
    now,
  );
  return request.method === 'HEAD' ? { ...answer, body: Buffer.alloc(0) } : answer;
}

/** What the pod's container on `port` does with one HTTP request. */
export function answerContainerHttp(
  pod: KubeObject,
  port: number,
  request: ContainerHttpRequest,
  now: Date,
): ContainerHttpOutcome {
  const container = listeningContainer(pod, port);
  if (!container) return { kind: 'refused' };
  const program = imageProgram(container.image);
  if (NON_HTTP_PROGRAMS.has(program)) return { kind: 'closed', container: container.name };
  const response =
    program === 'nginx'
      ? nginxAnswer(container, request, now)
      : echoAnswer(pod, container, port, request, now);
  return { kind: 'response', container: container.name, response };
}

/** The response as HTTP/1.1 bytes on the wire, for callers that carry raw streams (port-forward). */
export function httpResponseBytes(response: ContainerHttpResponse): Buffer {
  const head = [
    `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`.trimEnd(),
    ...Object.entries(response.headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), response.body]);
}
