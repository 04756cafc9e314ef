// Running a command "in" a container: the runtime finds the executable (or fails to start it, as
// runc does), and the few programs an image has run against the container's env and files.
// `sh -c` scripts run in a small shell (see shell-syntax.ts). Sleeps are returned as steps,
// so an exec session can wait them out while a log can stamp lines with them.
import type { Environment } from './container-environment.js';
import type { ContainerFiles } from './container-files.js';
import { COREUTILS, type Program, type ProgramContext, resolvePath, type Userland } from './coreutils.js';
import {
  type ListItem,
  parseScript,
  type SimpleCommand,
  type Stream,
  UnsupportedShellSyntax,
} from './shell-syntax.js';

/** What a command sees of its container. */
export interface ContainerView {
  environment: Environment;
  files: ContainerFiles;
  workingDir: string;
  userland: Userland;
  tty: boolean;
  now: Date;
}

export type ExecStep = { stream: 'stdout' | 'stderr'; text: string } | { sleepSeconds: number };

export interface ExecOutcome {
  steps: ExecStep[];
  exitCode: number;
}

// What a shell reports for a command it cannot find; the simulator answers every unknown
// command this way so that callers always get an exit code, as the contract asks.
const COMMAND_NOT_FOUND = 127;

const EXECUTABLE_DIRECTORIES = [
  '/bin',
  '/sbin',
  '/usr/bin',
  '/usr/sbin',
  '/usr/local/bin',
  '/usr/local/sbin',
];
const NOT_FOUND = 127;
const SYNTAX_ERROR = 2;

/** One running process tree's output, in order. */
class Output {
  readonly steps: ExecStep[] = [];

  write(stream: 'stdout' | 'stderr', text: string): void {
    if (text) this.steps.push({ stream, text });
  }

  sleep(seconds: number): void {
    if (seconds > 0) this.steps.push({ sleepSeconds: seconds });
  }
}

type Sink = (text: string) => void;

interface Invocation {
  args: string[];
  env: Environment;
  stdin: string;
  out: Sink;
  err: Sink;
}

class ContainerProcess {
  constructor(
    private readonly view: ContainerView,
    private readonly output: Output,
  ) {}

  /** The program a command name or path runs, if the image has it. */
  program(name: string): Program | undefined {
    const shells: Record<string, Program> = {
      sh: (context) => this.shell('sh', context),
      ...(this.view.userland === 'debian'
        ? { bash: (context: ProgramContext) => this.shell('bash', context) }
        : {}),
      env: (context) => this.env(context),
    };
    const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
    if (
      name.includes('/') &&
      !EXECUTABLE_DIRECTORIES.includes(resolvePath('/', name.slice(0, name.lastIndexOf('/') + 1)))
    ) {
      return undefined;
    }
    return shells[base] ?? COREUTILS[base];
  }

  run(program: Program, invocation: Invocation, cwd: string): number {
    return program({
      ...invocation,
      cwd,
      files: this.view.files,
      userland: this.view.userland,
      tty: this.view.tty,
      now: this.view.now,
      sleep: (seconds) => this.output.sleep(seconds),
    });
  }

  /** `env [NAME=value]... [command [arg]...]` */
  private env(context: ProgramContext): number {
    const assignments = leadingAssignments(context.args);
    const command = context.args.slice(assignments.length);
    const env = withAssignments(context.env, assignments);
    const [name, ...args] = command;
    if (name === undefined) return COREUTILS.env?.({ ...context, env }) ?? 0;
    const program = this.program(name);
    if (!program) {
      context.err(`env: '${name}': No such file or directory\n`);
      return NOT_FOUND;
    }
    return this.run(program, { ...context, args, env }, context.cwd);
  }

  private shell(name: 'sh' | 'bash', context: ProgramContext): number {
    const { args } = context;
    let script: string | undefined;
    let positional: string[] = [];
    if (args[0] === '-c') {
      script = args[1] ?? '';
      positional = args.slice(2);
    } else if (args[0] !== undefined && !args[0].startsWith('-')) {
      script = context.files.read(resolvePath(context.cwd, args[0]));
      if (script === undefined) {
        context.err(`${name}: 0: cannot open ${args[0]}: No such file\n`);
        return NOT_FOUND;
      }
      positional = args;
    }
    const session = new ShellSession(this, name, this.view.userland, context, positional);
    return session.runScript(script ?? context.stdin);
  }
}

function withAssignments(env: Environment, assignments: string[]): Environment {
  const values = new Map(env);
  for (const assignment of assignments) {
    const split = assignment.indexOf('=');
    values.set(assignment.slice(0, split), assignment.slice(split + 1));
  }
  return [...values.entries()];
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The `NAME=value` words before a command's name. */
function leadingAssignments(words: string[]): string[] {
  const count = words.findIndex((word) => !ASSIGNMENT.test(word));
  return words.slice(0, count < 0 ? words.length : count);
}

class ShellSession {
  private env: Environment;
  private cwd: string;
  private status = 0;
  private exited = false;

  constructor(
    private readonly process: ContainerProcess,
    private readonly name: 'sh' | 'bash',
    private readonly userland: Userland,
    private readonly context: ProgramContext,
    private readonly positional: string[],
  ) {
    this.env = context.env;
    this.cwd = context.cwd;
  }

  runScript(source: string): number {
    let items: ListItem[];
    try {
      items = parseScript(source);
    } catch (error) {
      if (!(error instanceof UnsupportedShellSyntax)) throw error;
      this.context.err(`${this.prefix(error.line)}Syntax error: ${error.message}\n`);
      return SYNTAX_ERROR;
    }
    for (const item of items) {
      if (this.exited) break;
      if (item.runIf === 'success' && this.status !== 0) continue;
      if (item.runIf === 'failure' && this.status === 0) continue;
      this.status = this.runPipeline(item.pipeline);
    }
    return this.status;
  }

  /** How dash, bash and BusyBox's ash start a message about line `line`. */
  private prefix(line: number): string {
    if (this.name === 'bash') return `bash: line ${line}: `;
    return this.userland === 'busybox' ? 'sh: ' : `sh: ${line}: `;
  }

  private runPipeline(pipeline: SimpleCommand[]): number {
    let stdin = this.context.stdin;
    let status = 0;
    pipeline.forEach((command, index) => {
      const last = index === pipeline.length - 1;
      let captured = '';
      const sinks: Record<Stream, Sink> = {
        stdout: last ? this.context.out : (text) => (captured += text),
        stderr: this.context.err,
        null: () => undefined,
      };
      status = this.runCommand(
        command,
        stdin,
        sinks[command.redirects.stdout],
        sinks[command.redirects.stderr],
      );
      stdin = captured;
    });
    return status;
  }

  private expand(command: SimpleCommand): string[] {
    const variables = new Map(this.env);
    const special: Record<string, string> = {
      '?': String(this.status),
      '#': String(Math.max(0, this.positional.length - 1)),
      '0': this.positional[0] ?? this.name,
    };
    this.positional.slice(1).forEach((value, index) => {
      special[String(index + 1)] = value;
    });
    return command.words.map((word) =>
      word
        .map((part) => {
          if (!part.expand) return part.text;
          const name = part.text.replace(/^\$\{?|\}$/g, '');
          return special[name] ?? variables.get(name) ?? '';
        })
        .join(''),
    );
  }

  private runCommand(command: SimpleCommand, stdin: string, out: Sink, err: Sink): number {
    const words = this.expand(command);
    const assignments = leadingAssignments(words);
    const [name, ...args] = words.slice(assignments.length);
    if (name === undefined) {
      this.env = withAssignments(this.env, assignments);
      return 0;
    }
    const builtin = this.builtin(name, args, err);
    if (builtin !== undefined) return builtin;
    const program = this.process.program(name);
    if (!program) {
      const missing = this.name === 'bash' ? 'command not found' : 'not found';
      err(`${this.prefix(command.line)}${name}: ${missing}\n`);
      return NOT_FOUND;
    }
    const env = withAssignments(this.env, assignments);
    return this.process.run(program, { args, env, stdin, out, err }, this.cwd);
  }

  private builtin(name: string, args: string[], err: Sink): number | undefined {
    switch (name) {
      case 'exit': {
        const [code] = args;
        this.exited = true;
        if (code === undefined) return this.status;
        if (!/^\d+$/.test(code)) {
          err(`${this.prefix(1)}exit: Illegal number: ${code}\n`);
          return SYNTAX_ERROR;
        }
        return Number(code) % 256;
      }
      case 'cd': {
        const target = resolvePath(this.cwd, args[0] ?? '/root');
        if (!this.context.files.isDirectory(target)) {
          err(`${this.prefix(1)}cd: can't cd to ${args[0]}\n`);
          return SYNTAX_ERROR;
        }
        this.cwd = target;
        return 0;
      }
      case 'export':
        this.env = withAssignments(
          this.env,
          args.filter((arg) => arg.includes('=')),
        );
        return 0;
      case ':':
        return 0;
      default:
        return undefined;
    }
  }
}

/** Whether the command reads its standard input to the end before it can finish. */
export function readsStdin(argv: string[]): boolean {
  const [name = '', ...args] = argv;
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base === 'sh' || base === 'bash') return args.length === 0;
  if (['cat', 'grep', 'head', 'tail', 'wc'].includes(base)) {
    const operands = args.filter((arg) => !arg.startsWith('-') || arg === '-');
    return base === 'wc' || operands.length <= (base === 'grep' ? 1 : 0) || operands.includes('-');
  }
  return false;
}

/** Runs argv (not through a shell, as exec does) in the container; `stdin` is all of its input. */
export function runInContainer(argv: string[], view: ContainerView, stdin: string): ExecOutcome {
  const [name = '', ...args] = argv;
  const output = new Output();
  const process = new ContainerProcess(view, output);
  // `exit N` works as a command of its own, so callers can test exit-code handling.
  if (name === 'exit') return { steps: [], exitCode: Number.parseInt(args[0] ?? '0', 10) % 256 || 0 };
  const program = process.program(name);
  if (!program) {
    output.write('stderr', `${name}: command not found\n`);
    return { steps: output.steps, exitCode: COMMAND_NOT_FOUND };
  }
  const exitCode = process.run(
    program,
    {
      args,
      env: view.environment,
      stdin,
      out: (text) => output.write('stdout', text),
      err: (text) => output.write('stderr', text),
    },
    view.workingDir,
  );
  return { steps: output.steps, exitCode };
}
