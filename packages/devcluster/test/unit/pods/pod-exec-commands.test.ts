import { describe, expect, it } from 'vitest';
import { SimulatedCluster } from '../../../src/cluster.js';
import { containerEnvironment } from '../../../src/pods/container-environment.js';
import { containerFiles } from '../../../src/pods/container-files.js';
import {
  type ContainerView,
  type ExecOutcome,
  readsStdin,
  runInContainer,
} from '../../../src/pods/exec-commands.js';
import type { ContainerSpec } from '../../../src/pods/pod-shape.js';
import type { KubeObject } from '../../../src/types.js';

const WEB: ContainerSpec = {
  name: 'web',
  image: 'nginx:1.27',
  env: [
    { name: 'GREETING', value: 'hello' },
    { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'log.level' } } },
    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-secret', key: 'password' } } },
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'URL', value: 'http://$(POD_NAME):80' },
  ],
  volumeMounts: [
    { name: 'config', mountPath: '/etc/nginx/nginx.conf', subPath: 'nginx.conf' },
    { name: 'config', mountPath: '/etc/web' },
  ],
};

function object(kind: string, name: string, body: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind, metadata: { name, namespace: 'team-a' }, ...body };
}

function seededCluster(): SimulatedCluster {
  const cluster = new SimulatedCluster();
  cluster.load([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } },
    object('ConfigMap', 'web-config', {
      data: { 'nginx.conf': 'worker_processes auto;\n', 'log.level': 'debug' },
    }),
    object('Secret', 'web-secret', { data: { password: Buffer.from('s3cret').toString('base64') } }),
    object('Service', 'api', {
      spec: { clusterIP: '10.96.4.5', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
    }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default' },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] },
    },
  ]);
  return cluster;
}

const POD = object('Pod', 'web-5d8c9b7f4-x7k2p', {
  spec: {
    containers: [WEB],
    nodeName: 'worker-1',
    volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
  },
  status: { podIP: '10.244.1.7' },
});

function view(overrides: Partial<ContainerView> = {}): ContainerView {
  const cluster = seededCluster();
  return {
    environment: containerEnvironment(cluster, POD, WEB),
    files: containerFiles(cluster, POD, WEB),
    workingDir: '/',
    userland: 'debian',
    tty: false,
    now: new Date('2026-11-27T14:38:04Z'),
    ...overrides,
  };
}

function output(outcome: ExecOutcome, stream: 'stdout' | 'stderr' = 'stdout'): string {
  return outcome.steps.map((step) => ('stream' in step && step.stream === stream ? step.text : '')).join('');
}

function exitCode(outcome: ExecOutcome): number {
  return outcome.exitCode;
}

describe('commands run in a container', () => {
  it('echo prints its arguments', () => {
    const outcome = runInContainer(['echo', 'hi', 'there'], view(), '');
    expect(output(outcome)).toBe('hi there\n');
    expect(exitCode(outcome)).toBe(0);
  });

  it("env prints the container's env resolved from ConfigMaps, Secrets, fields and service links", () => {
    const lines = output(runInContainer(['env'], view(), '')).split('\n');
    expect(lines[0]).toBe('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    expect(lines[1]).toBe('HOSTNAME=web-5d8c9b7f4-x7k2p');
    expect(lines).toContain('NGINX_VERSION=1.27.3');
    expect(lines).toContain('GREETING=hello');
    expect(lines).toContain('LOG_LEVEL=debug');
    expect(lines).toContain('DB_PASSWORD=s3cret');
    expect(lines).toContain('URL=http://web-5d8c9b7f4-x7k2p:80');
    expect(lines).toContain('API_SERVICE_HOST=10.96.4.5');
    expect(lines).toContain('API_SERVICE_PORT_HTTP=8080');
    expect(lines).toContain('API_PORT_8080_TCP=tcp://10.96.4.5:8080');
    expect(lines).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1');
    expect(lines).toContain('KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1');
    expect(lines.filter(Boolean).at(-1)).toBe('HOME=/root');
  });

  it('cat reads files of mounted ConfigMap volumes, by key and by subPath', () => {
    expect(output(runInContainer(['cat', '/etc/nginx/nginx.conf'], view(), ''))).toBe(
      'worker_processes auto;\n',
    );
    expect(output(runInContainer(['cat', '/etc/web/log.level'], view(), ''))).toBe('debug');
  });

  it("cat of a missing file fails with exit 1 and coreutils' message", () => {
    const outcome = runInContainer(['cat', '/etc/missing.conf'], view(), '');
    expect(output(outcome, 'stderr')).toBe('cat: /etc/missing.conf: No such file or directory\n');
    expect(exitCode(outcome)).toBe(1);
  });

  it('cat without a file copies stdin', () => {
    expect(readsStdin(['cat'])).toBe(true);
    expect(readsStdin(['cat', '/etc/hosts'])).toBe(false);
    expect(output(runInContainer(['cat'], view(), 'piped\n'))).toBe('piped\n');
  });

  it('ls lists a mounted directory and refuses a missing one with exit 2', () => {
    expect(output(runInContainer(['ls', '/etc/web'], view(), ''))).toBe('log.level\nnginx.conf\n');
    const missing = runInContainer(['ls', '/nope'], view(), '');
    expect(output(missing, 'stderr')).toBe("ls: cannot access '/nope': No such file or directory\n");
    expect(exitCode(missing)).toBe(2);
  });

  it('sleep is a pause the session waits out', () => {
    const outcome = runInContainer(['sleep', '2'], view(), '');
    expect(outcome.steps).toEqual([{ sleepSeconds: 2 }]);
  });

  it('a missing command exits 127 saying command not found', () => {
    const missing = runInContainer(['foo'], view(), '');
    expect(output(missing, 'stderr')).toBe('foo: command not found\n');
    expect(exitCode(missing)).toBe(127);
  });

  it('exit N ends with that exit code', () => {
    expect(exitCode(runInContainer(['exit', '3'], view(), ''))).toBe(3);
    expect(exitCode(runInContainer(['exit'], view(), ''))).toBe(0);
  });
});

describe('sh -c', () => {
  it('exits with the status `exit` gives', () => {
    expect(exitCode(runInContainer(['sh', '-c', 'exit 3'], view(), ''))).toBe(3);
  });

  it('reports an unknown command as dash does, with exit 127', () => {
    const outcome = runInContainer(['sh', '-c', 'echo start; foo --bar'], view(), '');
    expect(output(outcome)).toBe('start\n');
    expect(output(outcome, 'stderr')).toBe('sh: 1: foo: not found\n');
    expect(exitCode(outcome)).toBe(127);
  });

  it('reports it as BusyBox does in a BusyBox image', () => {
    const outcome = runInContainer(['sh', '-c', 'foo'], view({ userland: 'busybox' }), '');
    expect(output(outcome, 'stderr')).toBe('sh: foo: not found\n');
  });

  it('expands variables, honours && and ||, and pipes into grep', () => {
    const script =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, not a template
      'echo "$GREETING, ${LOG_LEVEL}"; false && echo never; false || echo fallback; env | grep ^API_SERVICE_HOST';
    expect(output(runInContainer(['sh', '-c', script], view(), ''))).toBe(
      'hello, debug\nfallback\nAPI_SERVICE_HOST=10.96.4.5\n',
    );
  });

  it('redirects stderr to stdout with 2>&1 and discards output sent to /dev/null', () => {
    const outcome = runInContainer(['sh', '-c', 'cat /nope 2>&1; echo hidden >/dev/null'], view(), '');
    expect(output(outcome)).toBe('cat: /nope: No such file or directory\n');
    expect(output(outcome, 'stderr')).toBe('');
  });

  it('says so, with exit 2, for syntax the simulated shell does not run', () => {
    const outcome = runInContainer(['sh', '-c', 'for i in 1 2; do echo $i; done'], view(), '');
    expect(output(outcome, 'stderr')).toBe(
      'sh: 1: Syntax error: the simulated shell does not support "for"\n',
    );
    expect(exitCode(outcome)).toBe(2);
  });
});
