// What a simulated container's HTTP server answers to one request, by the program its image runs:
// nginx serves its welcome page and its own error pages; any other program answers a short
// plain-text line naming itself.
import type { KubeObject } from '../types.js';
import { fullVersion, imageProgram, imageTag } from './log-profiles.js';
import type { ContainerSpec } from './pod-shape.js';

export interface HttpRequestHead {
  method: string;
  target: string;
}

export interface HttpAnswer {
  status: number;
  reason: string;
  headers: [string, string][];
  body: string;
}

/** What a container answers to one request. */
export type HttpResponder = (request: HttpRequestHead) => HttpAnswer;

/** The fixed moment the image's files were written, for Last-Modified and ETag. */
const IMAGE_BUILT = new Date('2024-10-02T15:13:31Z');

const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and working.</p>
</body>
</html>
`;

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Not Allowed',
};

function nginxErrorPage(status: number, version: string): string {
  const title = `${status} ${REASONS[status] ?? ''}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

function nginxResponder(container: ContainerSpec): HttpResponder {
  const version = fullVersion(imageTag(container.image), '1.27.3');
  const server: [string, string] = ['Server', `nginx/${version}`];
  return ({ method, target }) => {
    const path = target.split('?')[0] ?? '/';
    const isPage = path === '/' || path === '/index.html';
    if (isPage && (method === 'GET' || method === 'HEAD')) {
      const etag = `"${Math.floor(IMAGE_BUILT.getTime() / 1000).toString(16)}-${Buffer.byteLength(NGINX_WELCOME).toString(16)}"`;
      return {
        status: 200,
        reason: 'OK',
        headers: [
          server,
          ['Content-Type', 'text/html'],
          ['Last-Modified', IMAGE_BUILT.toUTCString()],
          ['ETag', etag],
          ['Accept-Ranges', 'bytes'],
        ],
        body: NGINX_WELCOME,
      };
    }
    const status = isPage ? 405 : 404;
    return {
      status,
      reason: REASONS[status] ?? '',
      headers: [server, ['Content-Type', 'text/html']],
      body: nginxErrorPage(status, version),
    };
  };
}

function plainResponder(pod: KubeObject, container: ContainerSpec, port: number): HttpResponder {
  const program = imageProgram(container.image);
  return ({ method, target }) => ({
    status: 200,
    reason: 'OK',
    headers: [['Content-Type', 'text/plain; charset=utf-8']],
    body: `${program} in pod ${pod.metadata.name ?? ''} answered ${method} ${target} on port ${port}\n`,
  });
}

/** The HTTP server a container runs on a port it declares. */
export function httpResponder(pod: KubeObject, container: ContainerSpec, port: number): HttpResponder {
  return imageProgram(container.image) === 'nginx'
    ? nginxResponder(container)
    : plainResponder(pod, container, port);
}

/** nginx's answer to bytes that are not HTTP, and the plain fallback's. */
export function badRequestAnswer(container: ContainerSpec): HttpAnswer {
  if (imageProgram(container.image) === 'nginx') {
    const version = fullVersion(imageTag(container.image), '1.27.3');
    return {
      status: 400,
      reason: 'Bad Request',
      headers: [
        ['Server', `nginx/${version}`],
        ['Content-Type', 'text/html'],
      ],
      body: nginxErrorPage(400, version),
    };
  }
  return {
    status: 400,
    reason: 'Bad Request',
    headers: [['Content-Type', 'text/plain']],
    body: 'bad request\n',
  };
}
