// What a container prints, by the kind of program its image holds: nginx, Postgres, or an
// application of the team's own that logs in logfmt. Each line is a function of its moment,
// so a log can be rebuilt identically for any "now".

import { KUBERNETES_VERSION } from '../seed/nodes.js';
import type { KubeObject } from '../types.js';
import type { ContainerSpec } from './pod-shape.js';
import { podStatus } from './pod-shape.js';

type LineAt = (at: Date) => string;

export interface LogProfile {
  /** Printed once, in the first moments of a run. */
  startup: LineAt[];
  /** How often the running program prints a line. */
  intervalSeconds: number;
  /** The periodic line number `index` of a run. */
  tick: (index: number, at: Date, pick: number) => string;
  /** Printed just before a run ends with a non-zero exit code. */
  crash: (exitCode: number) => LineAt[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function clock(at: Date): string {
  return `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
}

/** `2026/11/27 10:00:01`, as nginx's error log writes it. */
function nginxErrorTime(at: Date): string {
  return `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())} ${clock(at)}`;
}

/** `27/Nov/2026:10:00:01 +0000`, nginx's $time_local in a UTC container. */
function nginxAccessTime(at: Date): string {
  return `${pad(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${clock(at)} +0000`;
}

/** `2026-11-27 10:00:01.123 UTC`, Postgres's log_line_prefix timestamp. */
function postgresTime(at: Date): string {
  return `${at.toISOString().slice(0, 10)} ${clock(at)}.${pad(at.getUTCMilliseconds(), 3)} UTC`;
}

export function imageTag(image: string): string {
  const lastSegment = image.split('/').pop() ?? image;
  return lastSegment.includes(':') ? (lastSegment.split(':').pop() ?? '') : 'latest';
}

/** The program an image runs: `nginx` for `nginx:1.27` and `docker.io/library/nginx:1.27`. */
export function imageProgram(image: string): string {
  const lastSegment = image.split('/').pop() ?? image;
  return lastSegment.split(/[:@]/)[0] ?? lastSegment;
}

/** A full x.y.z version for a tag like `1.27` or `16`, as the program reports itself. */
export function fullVersion(tag: string, patch: string): string {
  if (!/^\d+(\.\d+)*$/.test(tag)) return patch;
  return tag.split('.').length >= 3 ? tag : `${tag}.${patch.split('.').pop()}`;
}

/** The kubelet probes from the node's address on the pod network: the .1 of the pod's /24. */
function probeSource(pod: KubeObject): string {
  const podIP = podStatus(pod).podIP ?? '10.244.1.10';
  return podIP.replace(/\.\d+$/, '.1');
}

function clientAddress(pick: number): string {
  return `10.244.${1 + (pick % 3)}.${10 + (pick % 40)}`;
}

/** The nginx version an image runs, as its logs and its Server header give it. */
export function nginxVersion(image: string): string {
  return fullVersion(imageTag(image), '1.27.3');
}

function nginxProfile(pod: KubeObject, container: ContainerSpec): LogProfile {
  const version = nginxVersion(container.image);
  const notice =
    (text: string): LineAt =>
    (at) =>
      `${nginxErrorTime(at)} [notice] 1#1: ${text}`;
  const entrypoint =
    (text: string): LineAt =>
    () =>
      text;
  const probe = container.readinessProbe;
  const probePath = probe?.httpGet?.path ?? '/';
  const visits = [
    {
      request: 'GET / HTTP/1.1',
      status: 200,
      bytes: 615,
      agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
    },
    {
      request: 'GET /favicon.ico HTTP/1.1',
      status: 404,
      bytes: 153,
      agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
    },
    { request: 'GET /api/orders HTTP/1.1', status: 200, bytes: 1432, agent: 'curl/8.5.0' },
  ];
  return {
    startup: [
      entrypoint(
        '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      ),
      entrypoint('/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/'),
      entrypoint('/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh'),
      entrypoint(
        '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      ),
      entrypoint(
        '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      ),
      entrypoint('/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh'),
      entrypoint('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh'),
      entrypoint('/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh'),
      entrypoint('/docker-entrypoint.sh: Configuration complete; ready for start up'),
      notice('using the "epoll" event method'),
      notice(`nginx/${version}`),
      notice('built by gcc 12.2.0 (Debian 12.2.0-14)'),
      notice('OS: Linux 6.8.0-79-generic'),
      notice('getrlimit(RLIMIT_NOFILE): 1048576:1048576'),
      notice('start worker processes'),
      notice('start worker process 29'),
      notice('start worker process 30'),
    ],
    intervalSeconds: probe?.periodSeconds ?? 10,
    tick: (_index, at, pick) => {
      const visit = pick % 4 === 0 ? visits[pick % visits.length] : undefined;
      if (visit) {
        const { request, status, bytes, agent } = visit;
        return `${clientAddress(pick)} - - [${nginxAccessTime(at)}] "${request}" ${status} ${bytes} "-" "${agent}"`;
      }
      const probeBytes = probePath === '/' ? 615 : 2;
      const agent = `kube-probe/${KUBERNETES_VERSION.replace(/^v(\d+\.\d+).*/, '$1')}`;
      return `${probeSource(pod)} - - [${nginxAccessTime(at)}] "GET ${probePath} HTTP/1.1" 200 ${probeBytes} "-" "${agent}"`;
    },
    crash: () => [
      (at) =>
        `${nginxErrorTime(at)} [emerg] 1#1: host not found in upstream "api" in /etc/nginx/nginx.conf:23`,
    ],
  };
}

function postgresProfile(container: ContainerSpec): LogProfile {
  const version = fullVersion(imageTag(container.image), '16.4');
  const log =
    (pid: number, text: string): LineAt =>
    (at) =>
      `${postgresTime(at)} [${pid}] LOG:  ${text}`;
  return {
    startup: [
      () => '',
      () => 'PostgreSQL Database directory appears to contain a database; Skipping initialization',
      () => '',
      log(
        1,
        `starting PostgreSQL ${version} (Debian ${version}-1.pgdg120+2) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
      ),
      log(1, 'listening on IPv4 address "0.0.0.0", port 5432'),
      log(1, 'listening on IPv6 address "::", port 5432'),
      log(1, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'),
      (at) => {
        const shutDown = postgresTime(new Date(at.getTime() - 42_000)).replace(/\.\d{3}/, '');
        return `${postgresTime(at)} [29] LOG:  database system was shut down at ${shutDown}`;
      },
      log(1, 'database system is ready to accept connections'),
    ],
    // checkpoint_timeout: 5min; an idle-ish database logs little else.
    intervalSeconds: 300,
    tick: (index, at, pick) => {
      const buffers = 2 + (pick % 40);
      const lsn = (0x1a2b3c8 + index * 0x2f00).toString(16).toUpperCase();
      return (
        `${postgresTime(at)} [27] LOG:  checkpoint complete: wrote ${buffers} buffers (0.${pick % 10}%); ` +
        `0 WAL file(s) added, 0 removed, 0 recycled; write=${(buffers / 10).toFixed(3)} s, sync=0.002 s, ` +
        `total=${(buffers / 10 + 0.011).toFixed(3)} s; sync files=${1 + (pick % 5)}, longest=0.001 s, ` +
        `average=0.001 s; distance=${buffers * 8} kB, estimate=${buffers * 8} kB; lsn=0/${lsn}, redo lsn=0/${lsn}`
      );
    },
    crash: () => [
      (at) =>
        `${postgresTime(at)} [1] FATAL:  could not write lock file "postmaster.pid": No space left on device`,
    ],
  };
}

function envValue(container: ContainerSpec, name: string): string | undefined {
  return container.env?.find((variable) => variable.name === name)?.value;
}

function logfmt(at: Date, level: string, message: string, fields = ''): string {
  return `time=${at.toISOString()} level=${level} msg="${message}"${fields ? ` ${fields}` : ''}`;
}

function applicationProfile(container: ContainerSpec): LogProfile {
  const version = imageTag(container.image);
  const serves = (container.ports ?? []).length > 0;
  const port = container.ports?.[0]?.containerPort ?? 8080;
  const database = envValue(container, 'DATABASE_HOST');
  const refused = `dial tcp ${database ?? '127.0.0.1'}:5432: connect: connection refused`;
  const paths = ['/v1/orders', '/v1/orders/1042', '/v1/customers', '/healthz', '/v1/orders'];
  return {
    startup: [
      (at) => logfmt(at, 'info', `starting ${container.name}`, `version=${version}`),
      ...(database ? [(at: Date) => logfmt(at, 'info', 'connecting to database', `host=${database}`)] : []),
      (at) =>
        logfmt(
          at,
          'info',
          serves ? 'listening' : 'worker started',
          serves ? `addr=:${port}` : 'queue=default',
        ),
    ],
    intervalSeconds: 3 + (version.length % 4),
    tick: (_index, at, pick) => {
      if (!serves) {
        return logfmt(
          at,
          'info',
          'processed job',
          `queue=default job_id=${100000 + pick} duration_ms=${pick % 900}`,
        );
      }
      const path = paths[pick % paths.length] ?? '/';
      const status = pick % 17 === 0 ? 503 : 200;
      return logfmt(
        at,
        status === 200 ? 'info' : 'warn',
        'request served',
        `method=GET path=${path} status=${status} duration_ms=${1 + (pick % 120)}`,
      );
    },
    crash: (exitCode) =>
      exitCode === 2
        ? [
            (at) => logfmt(at, 'error', 'database ping failed', `err="${refused}"`),
            () => `panic: ${refused}`,
            () => '',
            () => 'goroutine 1 [running]:',
            () => 'main.main()',
            () => '\t/src/cmd/server/main.go:48 +0x2c5',
          ]
        : [
            (at) => logfmt(at, 'error', 'database ping failed', `attempt=1 err="${refused}"`),
            (at) => logfmt(at, 'error', 'database ping failed', `attempt=2 err="${refused}"`),
            (at) => logfmt(at, 'fatal', 'cannot start without a database', `err="${refused}"`),
          ],
  };
}

/** The profile of the program a container's image runs. */
export function logProfile(pod: KubeObject, container: ContainerSpec): LogProfile {
  switch (imageProgram(container.image)) {
    case 'nginx':
      return nginxProfile(pod, container);
    case 'postgres':
      return postgresProfile(container);
    default:
      return applicationProfile(container);
  }
}
