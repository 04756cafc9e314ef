// A container's log as the kubelet would read it from the runtime's log file: pure functions of
// the pod, the container, one run of it and the current time, so repeated reads agree and a
// followed log only grows.
import { hashBytes } from '../seed/generated-names.js';
import type { KubeObject } from '../types.js';
import type { ContainerFiles } from './container-files.js';
import { type ExecStep, runInContainer } from './exec-commands.js';
import { imageProgram, logProfile } from './log-profiles.js';
import type { ContainerSpec } from './pod-shape.js';

/** One run of a container, from its status. */
export interface ContainerRun {
  /** The run's container id: each restart logs its own lines. */
  id: string;
  startedAt: Date;
  /** When it ended; absent while it runs. */
  finishedAt?: Date;
  exitCode?: number;
  /** The terminated state's reason, e.g. Error, Completed, OOMKilled. */
  reason?: string;
}

export interface LogLine {
  at: Date;
  /** Nanoseconds past `at`'s millisecond, as the runtime's clock has them. */
  nanos: number;
  text: string;
}

/** The log rotation keeps a bounded tail of a long-running container's output. */
const RETAINED_TICKS = 2000;
const SHELLS = new Set(['sh', 'bash', 'ash']);

function pick(run: ContainerRun, salt: string | number): number {
  const [a = 0, b = 0, c = 0, d = 0] = hashBytes(`${run.id}/${salt}`, 4);
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function after(moment: Date, milliseconds: number): Date {
  return new Date(moment.getTime() + milliseconds);
}

function line(run: ContainerRun, at: Date, text: string, salt: string | number): LogLine {
  return { at, nanos: pick(run, `nanos/${salt}`) % 1_000_000, text };
}

/** The script of a container started as `sh -c SCRIPT`, if it is one. */
function shellScript(container: ContainerSpec): string | undefined {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  const [program = '', flag, script] = argv;
  return SHELLS.has(imageProgram(program.slice(program.lastIndexOf('/') + 1))) && flag === '-c'
    ? script
    : undefined;
}

const NO_FILES: ContainerFiles = {
  read: () => undefined,
  isDirectory: (path) => path === '/',
  list: () => [],
};

function scriptSteps(container: ContainerSpec, script: string, startedAt: Date): ExecStep[] {
  const environment = (container.env ?? []).flatMap((variable): [string, string][] =>
    variable.value === undefined ? [] : [[variable.name, variable.value]],
  );
  const view = {
    environment,
    files: NO_FILES,
    workingDir: '/',
    userland: 'debian' as const,
    tty: false,
    now: startedAt,
  };
  const outcome = runInContainer(['sh', '-c', script], view, '');
  return outcome.steps;
}

/** `while true; do BODY; done`, the loop of most demo containers, as its body. */
function loopBody(script: string): string | undefined {
  return /^\s*while\s+(?:true|:)\s*;\s*do\s+([\s\S]*?);?\s*done\s*$/.exec(script)?.[1];
}

/** Lines a shell script prints, at the moments its sleeps put them. */
function scriptLines(run: ContainerRun, container: ContainerSpec, script: string, end: Date): LogLine[] {
  const body = loopBody(script);
  const iteration = scriptSteps(container, body ?? script, run.startedAt);
  const iterationMs = Math.max(
    1000,
    iteration.reduce((sum, step) => sum + ('sleepSeconds' in step ? step.sleepSeconds * 1000 : 0), 0),
  );
  const iterations =
    body === undefined ? 1 : Math.ceil((end.getTime() - run.startedAt.getTime()) / iterationMs) + 1;
  const lines: LogLine[] = [];
  for (let round = Math.max(0, iterations - RETAINED_TICKS); round < iterations; round += 1) {
    let elapsed = round * iterationMs + 20;
    for (const step of iteration) {
      if ('sleepSeconds' in step) {
        elapsed += step.sleepSeconds * 1000;
        continue;
      }
      for (const text of step.text.replace(/\n$/, '').split('\n')) {
        elapsed += 1;
        lines.push(line(run, after(run.startedAt, elapsed), text, `${round}/${elapsed}`));
      }
    }
  }
  return lines.filter((entry) => entry.at <= end);
}

function profileLines(pod: KubeObject, run: ContainerRun, container: ContainerSpec, end: Date): LogLine[] {
  const profile = logProfile(pod, container);
  const stepMs = 3 + (pick(run, 'startup') % 20);
  const crashed =
    run.finishedAt !== undefined && (run.exitCode ?? 0) !== 0 && (run.reason ?? 'Error') === 'Error';
  const crash = crashed ? profile.crash(run.exitCode ?? 1) : [];
  const crashStart = run.finishedAt ? after(run.finishedAt, -(crash.length + 1) * stepMs) : end;
  const intervalMs = profile.intervalSeconds * 1000;
  // Chatty programs log within a second of starting; a periodic job first runs one period in.
  const firstTick = after(
    run.startedAt,
    (profile.startup.length + 1) * stepMs + (intervalMs >= 60_000 ? intervalMs : 1000),
  );
  const lastTickEnd = crashStart < end ? crashStart : end;
  const ticks = Math.max(0, Math.floor((lastTickEnd.getTime() - firstTick.getTime()) / intervalMs) + 1);
  const firstKept = Math.max(0, ticks - RETAINED_TICKS);
  const lines: LogLine[] = [];
  if (firstKept === 0) {
    profile.startup.forEach((text, index) => {
      const at = after(run.startedAt, (index + 1) * stepMs);
      lines.push(line(run, at, text(at), `startup/${index}`));
    });
  }
  for (let index = firstKept; index < ticks; index += 1) {
    const jitter = pick(run, `jitter/${index}`) % Math.min(900, intervalMs / 2);
    const at = after(firstTick, index * intervalMs + jitter);
    if (at >= lastTickEnd) break;
    lines.push(line(run, at, profile.tick(index, at, pick(run, index)), index));
  }
  crash.forEach((text, index) => {
    const at = after(crashStart, (index + 1) * stepMs);
    lines.push(line(run, at, text(at), `crash/${index}`));
  });
  return lines.filter((entry) => entry.at <= end);
}

/** Everything the run has logged by `now` that the rotation kept, oldest first. */
export function logLines(pod: KubeObject, container: ContainerSpec, run: ContainerRun, now: Date): LogLine[] {
  const end = run.finishedAt && run.finishedAt < now ? run.finishedAt : now;
  if (end < run.startedAt) return [];
  const script = shellScript(container);
  return script === undefined
    ? profileLines(pod, run, container, end)
    : scriptLines(run, container, script, end);
}

/** RFC 3339 with nanoseconds and no trailing zeros, as the kubelet prefixes lines with timestamps=true. */
export function rfc3339Nano(entry: LogLine): string {
  const fraction = `${String(entry.at.getUTCMilliseconds()).padStart(3, '0')}${String(entry.nanos).padStart(6, '0')}`;
  const trimmed = fraction.replace(/0+$/, '');
  return `${entry.at.toISOString().slice(0, 19)}${trimmed ? `.${trimmed}` : ''}Z`;
}

export interface LogWindow {
  tailLines?: number;
  since?: Date;
}

/** The kubelet's reading of a log: the last tailLines lines, then those not before `since`. */
export function selectLines(lines: LogLine[], window: LogWindow): LogLine[] {
  const tailed =
    window.tailLines === undefined ? lines : lines.slice(Math.max(0, lines.length - window.tailLines));
  const { since } = window;
  return since ? tailed.filter((entry) => entry.at >= since) : tailed;
}

export function renderLines(lines: LogLine[], timestamps: boolean): string {
  return lines.map((entry) => `${timestamps ? `${rfc3339Nano(entry)} ` : ''}${entry.text}\n`).join('');
}
