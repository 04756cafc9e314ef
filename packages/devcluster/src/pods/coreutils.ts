// The everyday programs of a container image, each printing what Debian's coreutils or BusyBox
// print, including their error messages and exit codes.

import type { Environment } from './container-environment.js';
import type { ContainerFiles } from './container-files.js';

/** Whose messages a container's programs print: Debian-based images' coreutils, or BusyBox's. */
export type Userland = 'debian' | 'busybox';

/** What a program sees of the process it runs as. */
export interface ProgramContext {
  args: string[];
  env: Environment;
  stdin: string;
  cwd: string;
  files: ContainerFiles;
  userland: Userland;
  tty: boolean;
  now: Date;
  out(text: string): void;
  err(text: string): void;
  sleep(seconds: number): void;
}

export type Program = (context: ProgramContext) => number;

/** An absolute path for `path` seen from `cwd`, without `.` and `..`. */
export function resolvePath(cwd: string, path: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return `/${parts.join('/')}`;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', a: '\x07', r: '\r' };

function echo({ args, out }: ProgramContext): number {
  let words = args;
  let newline = true;
  let escapes = false;
  while (words[0] && /^-[neE]+$/.test(words[0])) {
    if (words[0].includes('n')) newline = false;
    if (words[0].includes('e')) escapes = true;
    words = words.slice(1);
  }
  const text = words.join(' ');
  out(
    (escapes ? text.replace(/\\([ntar\\])/g, (_match, code: string) => ESCAPES[code] ?? code) : text) +
      (newline ? '\n' : ''),
  );
  return 0;
}

function printEnvironment(env: Environment, out: (text: string) => void): void {
  out(env.map(([name, value]) => `${name}=${value}\n`).join(''));
}

function printenv({ args, env, out }: ProgramContext): number {
  if (args.length === 0) {
    printEnvironment(env, out);
    return 0;
  }
  const values = new Map(env);
  let status = 0;
  for (const name of args) {
    const value = values.get(name);
    if (value === undefined) status = 1;
    else out(`${value}\n`);
  }
  return status;
}

function readInput(context: ProgramContext, operand: string, program: string): string | undefined {
  if (operand === '-') return context.stdin;
  const path = resolvePath(context.cwd, operand);
  const content = context.files.read(path);
  if (content !== undefined) return content;
  const busybox = context.userland === 'busybox';
  if (context.files.isDirectory(path)) {
    context.err(
      busybox ? `${program}: read error: Is a directory\n` : `${program}: ${operand}: Is a directory\n`,
    );
  } else {
    context.err(
      busybox
        ? `${program}: can't open '${operand}': No such file or directory\n`
        : `${program}: ${operand}: No such file or directory\n`,
    );
  }
  return undefined;
}

function cat(context: ProgramContext): number {
  const operands = context.args.filter((arg) => arg === '-' || !arg.startsWith('-'));
  let status = 0;
  for (const operand of operands.length > 0 ? operands : ['-']) {
    const content = readInput(context, operand, 'cat');
    if (content === undefined) status = 1;
    else context.out(content);
  }
  return status;
}

function ls(context: ProgramContext): number {
  const { args, files, cwd, userland } = context;
  const all = args.some((arg) => /^-[a-zA-Z]*a/.test(arg));
  const operands = args.filter((arg) => !arg.startsWith('-'));
  const targets = operands.length > 0 ? operands : ['.'];
  const separator = context.tty ? '  ' : '\n';
  let status = 0;
  const listings: string[] = [];
  for (const operand of targets) {
    const path = resolvePath(cwd, operand);
    if (files.isDirectory(path)) {
      const names = [
        ...(all ? ['.', '..'] : []),
        ...files.list(path).filter((name) => all || !name.startsWith('.')),
      ];
      const body = names.length > 0 ? `${names.join(separator)}\n` : '';
      listings.push(targets.length > 1 ? `${operand}:\n${body}` : body);
    } else if (files.read(path) !== undefined) {
      listings.push(`${operand}\n`);
    } else {
      status = userland === 'busybox' ? 1 : 2;
      context.err(
        userland === 'busybox'
          ? `ls: ${operand}: No such file or directory\n`
          : `ls: cannot access '${operand}': No such file or directory\n`,
      );
    }
  }
  context.out(listings.join('\n'));
  return status;
}

const SLEEP_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };

function sleep(context: ProgramContext): number {
  const debian = context.userland === 'debian';
  if (context.args.length === 0) {
    context.err(
      debian
        ? "sleep: missing operand\nTry 'sleep --help' for more information.\n"
        : 'sleep: missing operand\n',
    );
    return 1;
  }
  let seconds = 0;
  for (const arg of context.args) {
    const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!match) {
      context.err(
        debian
          ? `sleep: invalid time interval '${arg}'\nTry 'sleep --help' for more information.\n`
          : `sleep: invalid number '${arg}'\n`,
      );
      return 1;
    }
    seconds += Number(match[1]) * (SLEEP_UNITS[match[2] ?? ''] ?? 1);
  }
  context.sleep(seconds);
  return 0;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `date`'s default format in a UTC container: `Fri Nov 27 14:38:04 UTC 2026`. */
function date({ now, out }: ProgramContext): number {
  const day = String(now.getUTCDate()).padStart(2, ' ');
  const time = now.toISOString().slice(11, 19);
  out(
    `${WEEKDAYS[now.getUTCDay()]} ${MONTHS[now.getUTCMonth()]} ${day} ${time} UTC ${now.getUTCFullYear()}\n`,
  );
  return 0;
}

function lineCountOption(args: string[]): { count: number; operands: string[] } {
  let count = 10;
  const operands: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '-n') {
      count = Number(args[index + 1]);
      index += 1;
    } else if (/^-n?\d+$/.test(arg)) count = Number(arg.replace(/^-n?/, ''));
    else operands.push(arg);
  }
  return { count, operands };
}

function lines(text: string): string[] {
  const all = text.split(/(?<=\n)/);
  return all.length === 1 && all[0] === '' ? [] : all;
}

function headOrTail(which: 'head' | 'tail'): Program {
  return (context) => {
    const { count, operands } = lineCountOption(context.args);
    let status = 0;
    for (const operand of operands.length > 0 ? operands : ['-']) {
      const content = readInput(context, operand, which);
      if (content === undefined) {
        status = 1;
        continue;
      }
      const all = lines(content);
      context.out(
        (which === 'head' ? all.slice(0, count) : all.slice(Math.max(0, all.length - count))).join(''),
      );
    }
    return status;
  };
}

function grep(context: ProgramContext): number {
  const flags = context.args.filter((arg) => /^-[a-zA-Z]+$/.test(arg)).join('');
  const [pattern, ...operands] = context.args.filter((arg) => !/^-[a-zA-Z]+$/.test(arg));
  if (pattern === undefined) {
    context.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  const expression = new RegExp(pattern, flags.includes('i') ? 'i' : '');
  let matched = false;
  let failed = false;
  for (const operand of operands.length > 0 ? operands : ['-']) {
    const content = readInput(context, operand, 'grep');
    if (content === undefined) {
      failed = true;
      continue;
    }
    for (const line of lines(content)) {
      if (expression.test(line.replace(/\n$/, '')) !== flags.includes('v')) {
        matched = true;
        context.out(line.endsWith('\n') ? line : `${line}\n`);
      }
    }
  }
  return failed ? 2 : matched ? 0 : 1;
}

function wc(context: ProgramContext): number {
  const options = context.args.filter((arg) => arg.startsWith('-')).join('');
  const content = context.stdin;
  const counts = {
    l: (content.match(/\n/g) ?? []).length,
    w: content.split(/\s+/).filter(Boolean).length,
    c: Buffer.byteLength(content),
  };
  const chosen = (['l', 'w', 'c'] as const).filter((key) => options.includes(key));
  const shown = chosen.length > 0 ? chosen : (['l', 'w', 'c'] as const);
  const width = shown.length > 1 ? 7 : 1;
  context.out(`${shown.map((key) => String(counts[key]).padStart(width)).join(' ')}\n`);
  return 0;
}

export const COREUTILS: Record<string, Program> = {
  cat,
  date,
  echo,
  env: (context) => {
    printEnvironment(context.env, context.out);
    return 0;
  },
  false: () => 1,
  grep,
  head: headOrTail('head'),
  hostname: (context) => {
    context.out(context.files.read('/etc/hostname') ?? '\n');
    return 0;
  },
  ls,
  printenv,
  pwd: (context) => {
    context.out(`${context.cwd}\n`);
    return 0;
  },
  sleep,
  tail: headOrTail('tail'),
  // kubectl cp runs tar in the container; the simulated file system is read-only and holds no
  // image contents, so copying is refused in words rather than with a bare "command not found".
  tar: (context) => {
    context.err(
      'tar: file copies are not simulated (the containers of the Kubernetes API simulator have no writable file system)\n',
    );
    return 2;
  },
  true: () => 0,
  wc,
  whoami: (context) => {
    context.out('root\n');
    return 0;
  },
};
