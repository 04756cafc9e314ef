// Shared by the port-forward integration tests: a running `kubectl port-forward` with the local
// ports it printed, stopped after each test, and an HTTP exchange over a forwarded port.
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import WebSocket from 'ws';
import type { DevCluster } from '../../src/start.js';
import type { Kubectl } from '../helpers/kubectl.js';

export interface Forwarding {
  child: ChildProcess;
  output: () => string;
  waitFor: (text: string, timeoutMs?: number) => Promise<void>;
  /** Local port by remote port, as kubectl printed them. */
  local: Map<number, number>;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Starts `kubectl port-forward` on 127.0.0.1 and waits until it listens on every port. */
export async function portForward(
  kubectl: Kubectl,
  args: string[],
  remotePorts: number[],
  env: Record<string, string> = {},
): Promise<Forwarding> {
  const started = kubectl.start(['port-forward', '--address', '127.0.0.1', ...args], env);
  running.add(started.child);
  const exited = new Promise<number | null>((resolve) => started.child.on('exit', resolve));
  for (const remote of remotePorts) await started.waitFor(` -> ${remote}\n`, 15_000);
  const local = new Map<number, number>();
  for (const match of started.output().matchAll(/Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/g)) {
    local.set(Number(match[2]), Number(match[1]));
  }
  return { ...started, local, exited };
}

/** Stops every kubectl port-forward still running and waits until each has exited. */
export async function stopPortForwards(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          running.delete(child);
          if (child.exitCode !== null || child.signalCode !== null) resolve();
          else {
            child.once('exit', () => resolve());
            child.kill();
          }
        }),
    ),
  );
}

/**
 * Sends raw HTTP/1.1 requests over one connection to a local port and collects everything that
 * comes back until the other side closes. With `resetIsClose`, a reset ends the exchange like a
 * close: kubectl drops a connection whose remote port refused, and whether the local socket sees
 * a FIN or a RST depends on timing.
 */
export function exchange(port: number, requests: string[], resetIsClose = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('connect', () => socket.write(requests.join('')));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (resetIsClose && error.code === 'ECONNRESET') resolve(received);
      else reject(error);
    });
    socket.on('close', () => resolve(received));
  });
}

export const request = (path: string, close = false) =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${close ? 'Connection: close\r\n' : ''}\r\n`;

/**
 * A channel port-forward over a raw WebSocket: sends `data` on the first port's data channel once
 * open, and collects every message (text ones as their bytes) until the server closes.
 */
export function channelPortForward(
  devcluster: DevCluster,
  path: string,
  data: string,
  protocol = 'v4.channel.k8s.io',
): Promise<{ protocol: string; frames: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(new URL(path, devcluster.url.replace(/^https/, 'wss')), [protocol], {
      headers: { Authorization: `Bearer ${devcluster.adminToken}` },
      ca: devcluster.caCert,
    });
    const frames: Buffer[] = [];
    ws.on('open', () => {
      const bytes = Buffer.from(data);
      // The base64 protocol's messages are text: the channel as a digit, then the bytes in base64.
      if (protocol.includes('base64')) ws.send(`0${bytes.toString('base64')}`);
      else ws.send(Buffer.concat([Buffer.from([0]), bytes]));
    });
    ws.on('message', (message: Buffer) => frames.push(message));
    ws.on('error', reject);
    ws.on('close', () => resolve({ protocol: ws.protocol, frames }));
  });
}
