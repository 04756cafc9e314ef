// pods/exec: kube-apiserver's remotecommand endpoint over WebSocket (v5.channel.k8s.io, which the
// apiserver serves itself, and v4.channel.k8s.io, which the kubelet's streaming server serves).
// Every message is a binary frame whose first byte is the channel: 0 stdin, 1 stdout, 2 stderr,
// 3 the final Status, 4 terminal resizes; v5 adds 255, "this channel is closed".
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { type WebSocket, WebSocketServer } from 'ws';
import { ApiError, badRequest } from '../api/status.js';
import type { SimulatedCluster } from '../cluster.js';
import type { KubeObject } from '../types.js';
import { containerEnvironment } from './container-environment.js';
import { containerFiles } from './container-files.js';
import { assignedNode, noHostAssigned, selectContainer } from './container-selection.js';
import { type ContainerView, readsStdin, runInContainer } from './exec-commands.js';
import {
  type ChannelProtocol,
  type ChannelStatus,
  exitStatus,
  kubeletRefusalStatus,
  SUCCESS_STATUS,
  V4_PROTOCOL,
  V5_PROTOCOL,
} from './exec-status.js';
import { imageProgram } from './log-profiles.js';
import { type ContainerSpec, findContainer, findContainerStatus } from './pod-shape.js';
import { queryFlag } from './query-flags.js';
import { sendStatus, statusBody } from './status-response.js';

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const CLOSE = 255;
const PROTOCOLS: ChannelProtocol[] = [V5_PROTOCOL, V4_PROTOCOL];

interface ExecOptions {
  command: string[];
  container: string;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

function execOptions(query: URLSearchParams): ExecOptions {
  const tty = queryFlag(query, 'tty');
  return {
    command: query.getAll('command'),
    container: query.get('container') ?? '',
    stdin: queryFlag(query, 'stdin'),
    stdout: queryFlag(query, 'stdout'),
    // A terminal has one output stream: the kubelet drops stderr when tty is set.
    stderr: queryFlag(query, 'stderr') && !tty,
    tty,
  };
}

/** kube-apiserver's own checks (streamLocation): the container exists and the pod has a node. */
function execTarget(pod: KubeObject, options: ExecOptions): ContainerSpec {
  const name = selectContainer(pod, options.container);
  const container = findContainer(pod, name);
  if (!assignedNode(pod) || !container) throw noHostAssigned(pod);
  return container;
}

interface KubeletRefusal {
  code: number;
  text: string;
}

/** The kubelet's checks (getExec): at least one stream, and a running container to exec in. */
function kubeletRefusal(
  pod: KubeObject,
  container: ContainerSpec,
  options: ExecOptions,
): KubeletRefusal | undefined {
  if (!options.stdin && !options.stdout && !options.stderr) {
    return { code: 400, text: 'you must specify at least 1 of stdin, stdout, stderr' };
  }
  if (!findContainerStatus(pod, container.name)?.state?.running) {
    return { code: 500, text: `container not found ("${container.name}")` };
  }
  return undefined;
}

/** Answers an upgrade request with a plain HTTP response and drops the connection. */
export function refuseUpgrade(socket: Duplex, code: number, contentType: string, body: string): void {
  const headers = `Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close`;
  socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\n${headers}\r\n\r\n${body}`);
}

/**
 * Answers an upgrade request with a Status before any upgrade, as kube-apiserver answers its
 * authentication, authorization and lookup failures; for the caller's own checks on `upgrade`.
 */
export function rejectUpgrade(socket: Duplex, error: ApiError): void {
  refuseUpgrade(socket, error.code, 'application/json', statusBody(error));
}

function isWebSocketRequest(request: IncomingMessage): boolean {
  return request.headers.upgrade?.toLowerCase() === 'websocket';
}

/** The first subprotocol the client offers that we speak, as x/net/websocket's handshake picks. */
function chooseProtocol(offered: Iterable<string>): ChannelProtocol | undefined {
  return [...offered].find((protocol): protocol is ChannelProtocol =>
    PROTOCOLS.includes(protocol as ChannelProtocol),
  );
}

function offeredProtocols(request: IncomingMessage): string[] {
  return (request.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim());
}

function containerView(
  cluster: SimulatedCluster,
  pod: KubeObject,
  container: ContainerSpec,
  tty: boolean,
): ContainerView {
  const program = imageProgram(container.image);
  return {
    environment: containerEnvironment(cluster, pod, container),
    files: containerFiles(cluster, pod, container),
    workingDir: container.workingDir ?? '/',
    userland: program === 'busybox' || program === 'alpine' ? 'busybox' : 'debian',
    tty,
    now: new Date(),
  };
}

function frame(channel: number, data: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data) : data]);
}

/** Everything the client sends on stdin until it closes it (v5) or the connection. */
function collectStdin(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks).toString());
    ws.on('message', (data: Buffer) => {
      if (data[0] === STDIN) chunks.push(data.subarray(1));
      if (data[0] === CLOSE && data[1] === STDIN) done();
    });
    ws.on('close', done);
  });
}

interface Session {
  ws: WebSocket;
  protocol: ChannelProtocol;
  options: ExecOptions;
  view: ContainerView;
  refusal: KubeletRefusal | undefined;
}

async function runSession({ ws, protocol, options, view, refusal }: Session): Promise<void> {
  const finish = (status: ChannelStatus) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(frame(STATUS, JSON.stringify(status)));
    ws.close(1000);
  };
  // An empty message on the lowest writable channel tells the client the streams are ready.
  ws.send(Buffer.from([options.stdout ? STDOUT : options.stderr ? STDERR : STATUS]));
  if (refusal) {
    finish(kubeletRefusalStatus(refusal.text));
    return;
  }
  const stdin = options.stdin && readsStdin(options.command) ? await collectStdin(ws) : '';
  const outcome = runInContainer(options.command, view, stdin);
  for (const step of outcome.steps) {
    if (ws.readyState !== ws.OPEN) return;
    if ('sleepSeconds' in step) {
      await delay(step.sleepSeconds * 1000);
      continue;
    }
    const channel = step.stream === 'stderr' && !options.tty ? STDERR : STDOUT;
    const wanted = channel === STDOUT ? options.stdout : options.stderr;
    if (wanted) ws.send(frame(channel, options.tty ? step.text.replace(/\r?\n/g, '\r\n') : step.text));
  }
  finish(outcome.exitCode === 0 ? SUCCESS_STATUS : exitStatus(protocol, options.command, outcome.exitCode));
}

const webSockets = new WebSocketServer({
  noServer: true,
  handleProtocols: (offered) => chooseProtocol(offered) ?? false,
});

/** The container to exec in, or the error kube-apiserver answers before any streaming starts. */
function apiserverDecision(pod: KubeObject, options: ExecOptions): ApiError | ContainerSpec {
  try {
    return execTarget(pod, options);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

// The simulator does not speak SPDY; a client that insists on it is told so in a Status.
const SPDY_REFUSAL = badRequest(
  'the simulator serves pods/exec over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io) only, not SPDY',
);

/**
 * Answers an HTTP upgrade request for pods/exec on `pod`, from the server's `upgrade` event. The
 * caller has found the pod and authorized the request (execVerbs in exec-authorization.ts).
 */
export function handleExecUpgrade(
  cluster: SimulatedCluster,
  pod: KubeObject,
  query: URLSearchParams,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  const options = execOptions(query);
  const target = apiserverDecision(pod, options);
  if (target instanceof ApiError) {
    rejectUpgrade(socket, target);
    return;
  }
  const refusal = kubeletRefusal(pod, target, options);
  if (!isWebSocketRequest(request)) {
    if (refusal) refuseUpgrade(socket, refusal.code, 'text/plain; charset=utf-8', `${refusal.text}\n`);
    else rejectUpgrade(socket, SPDY_REFUSAL);
    return;
  }
  const protocol = chooseProtocol(offeredProtocols(request));
  if (!protocol) {
    // x/net/websocket's answer to a handshake that finds no common subprotocol: a bare 403.
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    return;
  }
  if (refusal && protocol === V4_PROTOCOL) {
    // Over v4 the apiserver proxies the kubelet's own refusal back unchanged.
    refuseUpgrade(socket, refusal.code, 'text/plain; charset=utf-8', `${refusal.text}\n`);
    return;
  }
  const view = containerView(cluster, pod, target, options.tty);
  webSockets.handleUpgrade(request, socket, head, (ws) => {
    ws.on('error', () => ws.terminate());
    runSession({ ws, protocol, options, view, refusal }).catch(() => ws.terminate());
  });
}

/**
 * Answers a pods/exec request that asks for no upgrade at all: the apiserver's checks, then its
 * UpgradeAwareHandler's refusal (exec is proxied with upgradeRequired).
 */
export function servePlainExec(pod: KubeObject, query: URLSearchParams, response: ServerResponse): void {
  const target = apiserverDecision(pod, execOptions(query));
  sendStatus(response, target instanceof ApiError ? target : badRequest('Upgrade request required'));
}
