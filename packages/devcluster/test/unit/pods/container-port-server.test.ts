import { describe, expect, it } from 'vitest';
import {
  answerContainerConnection,
  type ContainerConnection,
} from '../../../src/pods/container-port-server.js';
import type { KubeObject } from '../../../src/types.js';

const NOW = new Date('2026-12-01T10:00:00Z');

function pod(
  image: string,
  ports: { containerPort: number; protocol?: string }[],
  running = true,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'team-a', uid: 'u-1' },
    spec: { containers: [{ name: 'web', image, ports }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'web', state: running ? { running: {} } : { waiting: { reason: 'CrashLoopBackOff' } } },
      ],
    },
  };
}

const NGINX = pod('nginx:1.27', [{ containerPort: 80 }]);

/** Connects, sends `chunks`, and collects what comes back until the container closes or the input ends. */
function exchange(connection: ContainerConnection, chunks: string[], endInput = false) {
  let received = '';
  let closed = false;
  connection.onData = (data) => {
    received += data.toString();
  };
  connection.onEnd = () => {
    closed = true;
  };
  for (const chunk of chunks) connection.write(Buffer.from(chunk));
  if (endInput) connection.end();
  return { received: () => received, closed: () => closed };
}

function open(target: KubeObject, port: number): ContainerConnection {
  const connection = answerContainerConnection(target, port, () => NOW);
  if (!connection) throw new Error(`nothing listens on ${port}`);
  return connection;
}

describe('connections to simulated container ports', () => {
  it('serves nginx welcome page with nginx headers', () => {
    const result = exchange(open(NGINX, 80), ['GET / HTTP/1.1\r\nHost: web\r\n\r\n']);
    const [head = '', body] = result.received().split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual([
      'HTTP/1.1 200 OK',
      'Server: nginx/1.27.3',
      'Date: Tue, 01 Dec 2026 10:00:00 GMT',
      'Content-Type: text/html',
      'Last-Modified: Wed, 02 Oct 2024 15:13:31 GMT',
      expect.stringMatching(/^ETag: "[0-9a-f]+-[0-9a-f]+"$/),
      'Accept-Ranges: bytes',
      `Content-Length: ${Buffer.byteLength(body ?? '')}`,
      'Connection: keep-alive',
    ]);
    expect(body).toContain('<title>Welcome to nginx!</title>');
    expect(result.closed()).toBe(false);
  });

  it('keeps the connection alive across requests, even when they arrive split or together', () => {
    const result = exchange(open(NGINX, 80), [
      'GET / HTTP/1.1\r\nHo',
      'st: web\r\n\r\nGET /missing HTTP/1.1\r\nHost: web\r\n\r\nHEAD / HTTP/1.1\r\n\r\n',
    ]);
    const statuses = result.received().match(/^HTTP\/1\.1 \d+ [A-Za-z ]+/gm);
    expect(statuses).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 404 Not Found', 'HTTP/1.1 200 OK']);
    expect(result.received()).toContain('<hr><center>nginx/1.27.3</center>');
    // HEAD's answer has no body: the output ends with its head.
    expect(result.received().endsWith('Connection: keep-alive\r\n\r\n')).toBe(true);
  });

  it('skips request bodies and closes after a request that asks to', () => {
    const result = exchange(open(NGINX, 80), [
      'POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello',
      'GET / HTTP/1.1\r\nConnection: close\r\n\r\n',
      'GET / HTTP/1.1\r\n\r\n',
    ]);
    expect(result.received().match(/^HTTP\/1\.1 \d+/gm)).toEqual(['HTTP/1.1 405', 'HTTP/1.1 200']);
    expect(result.received()).toContain('Connection: close');
    expect(result.closed()).toBe(true);
  });

  it('answers bytes that are not HTTP with 400 and closes', () => {
    const result = exchange(open(NGINX, 80), ['\u0016\u0003\u0001 not http\r\n\r\n']);
    expect(result.received()).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(result.closed()).toBe(true);
  });

  it('closes when the client ends its side, and after an oversized request head', () => {
    expect(exchange(open(NGINX, 80), ['GET / HT'], true).closed()).toBe(true);
    const huge = exchange(open(NGINX, 80), [`GET /${'a'.repeat(20_000)}`]);
    expect(huge.received()).toMatch(/^HTTP\/1\.1 400/);
    expect(huge.closed()).toBe(true);
  });

  it('answers other programs with a line naming them', () => {
    const api = pod('registry.example.com/team-a/api:1.4.2', [{ containerPort: 8080 }]);
    const result = exchange(open(api, 8080), ['GET /healthz HTTP/1.1\r\n\r\n']);
    expect(result.received()).toContain('api in pod web-1 answered GET /healthz on port 8080\n');
  });

  it('refuses ports not declared, declared for UDP only, or of a container that is not running', () => {
    expect(answerContainerConnection(NGINX, 81)).toBeUndefined();
    expect(
      answerContainerConnection(pod('coredns', [{ containerPort: 53, protocol: 'UDP' }]), 53),
    ).toBeUndefined();
    expect(answerContainerConnection(pod('nginx', [{ containerPort: 80 }], false), 80)).toBeUndefined();
  });
});
