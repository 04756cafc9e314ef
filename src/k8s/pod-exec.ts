// pods/exec over WebSocket, as kubectl 1.30+ speaks it: v5.channel.k8s.io (v4 as fallback), no
// stdin and no TTY. Each binary frame starts with its channel: 1 stdout, 2 stderr, 3 the final
// metav1.Status (NonZeroExitCode carries the exit code as cause ExitCode), 255 "channel closed".
import WebSocket from 'ws';
import type { ExecOptions, ExecResult } from './cluster-client.js';
import { KubernetesError } from './kubernetes-error.js';
import { withQuery } from './query-string.js';
import { answerError, timeoutError, unreachableError } from './request-errors.js';
import { readBody, type UpgradeConnection } from './websocket-upgrade.js';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;

interface ChannelStatus {
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: { reason?: string; message?: string }[] };
}

function execPath(options: ExecOptions): string {
  const pod = `/namespaces/${encodeURIComponent(options.namespace)}/pods/${encodeURIComponent(options.pod)}`;
  return `/api/v1${pod}/exec`;
}

function execUrl(server: string, options: ExecOptions): string {
  const query = { command: options.command, container: options.container, stdout: true, stderr: true };
  return withQuery(`${server.replace(/^http/, 'ws')}${execPath(options)}`, query);
}

function parseStatus(payload: Buffer): ChannelStatus {
  try {
    return JSON.parse(payload.toString('utf8')) as ChannelStatus;
  } catch {
    return {
      status: 'Failure',
      message: `the exec status channel sent invalid JSON: ${payload.toString('utf8')}`,
    };
  }
}

/** The exit code the final Status reports; other failures (no such container...) are errors. */
function exitCodeOf(status: ChannelStatus | undefined): number {
  if (!status || status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((entry) => entry.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return code;
  }
  throw new KubernetesError(status.message ?? 'exec failed', 'api', status.code, status.reason);
}

/** Runs a command in a container and collects its output; the socket is closed on every outcome. */
export function execInPod(connection: UpgradeConnection, options: ExecOptions): Promise<ExecResult> {
  const what = `exec in pod ${options.namespace}/${options.pod}`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(execUrl(connection.server, options), PROTOCOLS, {
      ...connection.tls,
      // ws passes them to http.request, which sends a list as repeated header lines.
      headers: connection.headers as Record<string, string>,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let status: ChannelStatus | undefined;
    let settled = false;

    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.terminate();
      if (error) return reject(error);
      try {
        const exitCode = exitCodeOf(status);
        resolve({
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          exitCode,
        });
      } catch (statusError) {
        reject(statusError);
      }
    };
    const onAbort = () => finish(options.signal?.reason);
    const timer = setTimeout(
      () => finish(timeoutError(connection.server, what, options.timeoutMs)),
      options.timeoutMs,
    );
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);

    socket.on('message', (data: Buffer) => {
      const payload = data.subarray(1);
      if (data[0] === STDOUT) stdout.push(payload);
      else if (data[0] === STDERR) stderr.push(payload);
      else if (data[0] === STATUS) status = parseStatus(payload);
    });
    socket.on('unexpected-response', (request, response) => {
      void readBody(response).then((body) => {
        const call = { server: connection.server, method: 'GET', path: execPath(options) };
        finish(answerError(response.statusCode ?? 0, body, call));
        request.destroy();
      });
    });
    socket.on('error', (error) => finish(unreachableError(connection.server, error)));
    socket.on('close', () => finish());
  });
}
