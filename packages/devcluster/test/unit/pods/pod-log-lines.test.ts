import { describe, expect, it } from 'vitest';
import {
  type ContainerRun,
  logLines,
  renderLines,
  rfc3339Nano,
  selectLines,
} from '../../../src/pods/log-lines.js';
import type { ContainerSpec } from '../../../src/pods/pod-shape.js';
import type { KubeObject } from '../../../src/types.js';

const STARTED = new Date('2026-11-27T10:00:00Z');
const NOW = new Date('2026-11-27T10:10:00Z');

function podWith(container: ContainerSpec): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-7d9c-x7k2p', namespace: 'team-a' },
    spec: { containers: [container], nodeName: 'worker-1' },
    status: { podIP: '10.244.1.7' },
  };
}

const nginx: ContainerSpec = {
  name: 'web',
  image: 'nginx:1.27',
  readinessProbe: { periodSeconds: 10, httpGet: { path: '/healthz' } },
};
const api: ContainerSpec = {
  name: 'api',
  image: 'registry.example.com/team-a/api:1.4.2',
  ports: [{ containerPort: 8080 }],
  env: [{ name: 'DATABASE_HOST', value: 'db.team-b.svc.cluster.local' }],
};
const running: ContainerRun = { id: 'containerd://abc', startedAt: STARTED };

describe('container log lines', () => {
  it('are the same for the same pod, container, run and moment', () => {
    const pod = podWith(nginx);
    expect(logLines(pod, nginx, running, NOW)).toEqual(logLines(pod, nginx, running, NOW));
  });

  it('differ between two runs of the same container', () => {
    const pod = podWith(api);
    const other = { ...running, id: 'containerd://def' };
    expect(renderLines(logLines(pod, api, running, NOW), true)).not.toBe(
      renderLines(logLines(pod, api, other, NOW), true),
    );
  });

  it('only grow as time passes, so a followed log never rewrites what it sent', () => {
    const pod = podWith(api);
    const earlier = logLines(pod, api, running, new Date(NOW.getTime() - 60_000));
    const later = logLines(pod, api, running, NOW);
    expect(later.slice(0, earlier.length)).toEqual(earlier);
    expect(later.length).toBeGreaterThan(earlier.length);
  });

  it('start nginx with its entrypoint notices, then log kubelet probes in the combined format', () => {
    const lines = logLines(podWith(nginx), nginx, running, NOW).map((line) => line.text);
    expect(lines[0]).toBe(
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    );
    expect(lines).toContain('2026/11/27 10:00:00 [notice] 1#1: nginx/1.27.3');
    expect(
      lines.some((text) =>
        /^10\.244\.1\.1 - - \[27\/Nov\/2026:10:0\d:\d\d \+0000\] "GET \/healthz HTTP\/1\.1" 200 2 "-" "kube-probe\/1\.36"$/.test(
          text,
        ),
      ),
    ).toBe(true);
  });

  it('print a line every probe period after start-up, none after now', () => {
    const lines = logLines(podWith(nginx), nginx, running, NOW);
    const periodic = lines.filter((line) => line.text.includes('HTTP/1.1'));
    expect(periodic.length).toBeGreaterThanOrEqual(58);
    expect(periodic.length).toBeLessThanOrEqual(60);
    expect(lines.every((line) => line.at <= NOW)).toBe(true);
  });

  it('start Postgres as the official image does on an existing data directory', () => {
    const postgres: ContainerSpec = { name: 'postgres', image: 'postgres:16' };
    const text = renderLines(logLines(podWith(postgres), postgres, running, NOW), false);
    expect(text).toContain(
      'PostgreSQL Database directory appears to contain a database; Skipping initialization',
    );
    expect(text).toMatch(
      /2026-11-27 10:00:00\.\d{3} UTC \[1\] LOG: {2}database system is ready to accept connections/,
    );
  });

  it('end a crashed run with the fatal error that made it exit', () => {
    const crashed: ContainerRun = {
      id: 'containerd://crash',
      startedAt: new Date('2026-11-27T10:08:00Z'),
      finishedAt: new Date('2026-11-27T10:08:02Z'),
      exitCode: 1,
      reason: 'Error',
    };
    const lines = logLines(podWith(api), api, crashed, NOW);
    expect(lines.at(-1)?.text).toMatch(
      /level=fatal msg="cannot start without a database" err="dial tcp db\.team-b\.svc\.cluster\.local:5432: connect: connection refused"$/,
    );
    expect(lines.every((line) => line.at <= (crashed.finishedAt as Date))).toBe(true);
  });

  it('print what a `sh -c` command echoes, at the moments its sleeps allow', () => {
    const report: ContainerSpec = {
      name: 'report',
      image: 'busybox:1.36',
      command: ['sh', '-c', 'echo "building the nightly report"; sleep 5; echo done'],
    };
    const finished = { ...running, finishedAt: new Date(STARTED.getTime() + 6000), exitCode: 0 };
    const lines = logLines(podWith(report), report, finished, NOW);
    expect(lines.map((line) => line.text)).toEqual(['building the nightly report', 'done']);
    expect((lines[1]?.at.getTime() ?? 0) - (lines[0]?.at.getTime() ?? 0)).toBeGreaterThanOrEqual(5000);
  });

  it('repeat the body of a `while true` loop for as long as the container runs', () => {
    const ticker: ContainerSpec = {
      name: 'ticker',
      image: 'busybox:1.36',
      command: ['sh', '-c', 'while true; do echo tick; sleep 10; done'],
    };
    const lines = logLines(podWith(ticker), ticker, running, NOW);
    expect(lines.length).toBe(60);
    expect(new Set(lines.map((line) => line.text))).toEqual(new Set(['tick']));
  });
});

describe('reading a log', () => {
  const lines = logLines(podWith(api), api, running, NOW);

  it('keeps the last tailLines lines', () => {
    expect(selectLines(lines, { tailLines: 2 })).toEqual(lines.slice(-2));
    expect(selectLines(lines, { tailLines: 0 })).toEqual([]);
  });

  it('keeps the lines logged at or after since', () => {
    const since = new Date(NOW.getTime() - 30_000);
    const recent = selectLines(lines, { since });
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((line) => line.at >= since)).toBe(true);
    expect(recent).toEqual(lines.filter((line) => line.at >= since));
  });

  it('applies tailLines before since, as the kubelet reads the file from the tail', () => {
    const since = new Date(lines[lines.length - 1]?.at.getTime() ?? 0);
    expect(selectLines(lines, { tailLines: 5, since })).toHaveLength(1);
  });

  it('prefixes each line with its RFC 3339 nanosecond timestamp, trailing zeros trimmed', () => {
    const [first] = renderLines(lines.slice(0, 1), true).split(' ');
    expect(first).toMatch(/^2026-11-27T10:00:00\.\d{1,9}Z$/);
    expect(first).not.toMatch(/0Z$/);
    expect(rfc3339Nano({ at: new Date('2026-11-27T10:00:01.500Z'), nanos: 0, text: '' })).toBe(
      '2026-11-27T10:00:01.5Z',
    );
    expect(rfc3339Nano({ at: new Date('2026-11-27T10:00:01Z'), nanos: 0, text: '' })).toBe(
      '2026-11-27T10:00:01Z',
    );
  });
});
