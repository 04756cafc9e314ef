// The part of the POSIX shell language `sh -c '...'` one-liners use: words with quotes and
// $VARIABLES, `;` `&&` `||` `|` and newlines, `2>&1`-style redirects. Loops, conditionals and
// command substitution are refused by name rather than misread.

/** A piece of a word; `$NAME` in an expanding piece is replaced when the command runs. */
export interface WordPart {
  text: string;
  expand: boolean;
}

export type Word = WordPart[];

export type Stream = 'stdout' | 'stderr' | 'null';

export interface SimpleCommand {
  words: Word[];
  /** Where each file descriptor's output goes. */
  redirects: { stdout: Stream; stderr: Stream };
  line: number;
}

export interface ListItem {
  pipeline: SimpleCommand[];
  /** When it runs, given the status of what ran before it. */
  runIf: 'always' | 'success' | 'failure';
}

export class UnsupportedShellSyntax extends Error {
  constructor(
    readonly construct: string,
    readonly line: number,
  ) {
    super(`the simulated shell does not support ${construct}`);
  }
}

const VARIABLE_REFERENCE = /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*|[?#0-9])/;

const RESERVED_WORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'function',
  '{',
  '}',
]);

class Parser {
  private position = 0;
  private line = 1;
  private word: Word | undefined;
  private wordQuoted = false;
  private words: Word[] = [];
  private redirects: SimpleCommand['redirects'] = { stdout: 'stdout', stderr: 'stderr' };
  private pipeline: SimpleCommand[] = [];
  private runIf: ListItem['runIf'] = 'always';
  readonly items: ListItem[] = [];

  constructor(private readonly source: string) {}

  parse(): ListItem[] {
    while (this.position < this.source.length) this.step();
    this.endPipeline('always');
    return this.items;
  }

  private peek(offset = 0): string {
    return this.source.charAt(this.position + offset);
  }

  private append(text: string, expand: boolean): void {
    this.word ??= [];
    this.word.push({ text, expand });
  }

  private endWord(): void {
    if (!this.word) return;
    const first = this.words.length === 0 ? this.word.map((part) => part.text).join('') : undefined;
    if (first !== undefined && RESERVED_WORDS.has(first) && !this.wordQuoted) {
      throw new UnsupportedShellSyntax(`"${first}"`, this.line);
    }
    this.words.push(this.word);
    this.word = undefined;
    this.wordQuoted = false;
  }

  private endCommand(): void {
    this.endWord();
    if (this.words.length > 0)
      this.pipeline.push({ words: this.words, redirects: this.redirects, line: this.line });
    this.words = [];
    this.redirects = { stdout: 'stdout', stderr: 'stderr' };
  }

  private endPipeline(next: ListItem['runIf']): void {
    this.endCommand();
    if (this.pipeline.length > 0) this.items.push({ pipeline: this.pipeline, runIf: this.runIf });
    this.pipeline = [];
    this.runIf = next;
  }

  private step(): void {
    const char = this.peek();
    const pair = char + this.peek(1);
    if (char === ' ' || char === '\t') {
      this.endWord();
      this.position += 1;
    } else if (char === '\n') {
      this.endPipeline('always');
      this.line += 1;
      this.position += 1;
    } else if (char === '#' && !this.word) {
      while (this.position < this.source.length && this.peek() !== '\n') this.position += 1;
    } else if (pair === '&&' || pair === '||') {
      this.endPipeline(pair === '&&' ? 'success' : 'failure');
      this.position += 2;
    } else if (char === ';') {
      this.endPipeline('always');
      this.position += 1;
    } else if (char === '|') {
      this.endCommand();
      this.position += 1;
    } else if (char === '>' || pair === '&>') {
      this.redirect();
    } else if ('<&()`'.includes(char) || pair === '$(') {
      throw new UnsupportedShellSyntax(`"${pair === '$(' ? '$(' : char}"`, this.line);
    } else if (char === "'") {
      this.singleQuoted();
    } else if (char === '"') {
      this.doubleQuoted();
    } else if (char === '\\') {
      this.wordQuoted = true;
      this.append(this.peek(1), false);
      this.position += 2;
    } else {
      this.plain(char);
    }
  }

  /** `>/dev/null`, `2>/dev/null`, `&>/dev/null`, `2>&1`, `>&2`, `1>&2`. */
  private redirect(): void {
    let fd: 'stdout' | 'stderr' | 'both' = 'stdout';
    if (this.peek() === '&') {
      fd = 'both';
      this.position += 1;
    } else if (this.word?.length === 1 && /^[12]$/.test(this.word[0]?.text ?? '')) {
      fd = this.word[0]?.text === '2' ? 'stderr' : 'stdout';
      this.word = undefined;
    } else {
      this.endWord();
    }
    this.position += 1;
    let target: Stream;
    if (this.peek() === '&' && /[12]/.test(this.peek(1))) {
      target = this.peek(1) === '2' ? 'stderr' : 'stdout';
      this.position += 2;
    } else {
      while (this.peek() === ' ') this.position += 1;
      const rest = this.source.slice(this.position);
      if (!rest.startsWith('/dev/null')) throw new UnsupportedShellSyntax('redirects to files', this.line);
      target = 'null';
      this.position += '/dev/null'.length;
    }
    if (fd !== 'stderr') this.redirects.stdout = target === 'stdout' ? this.redirects.stdout : target;
    if (fd !== 'stdout') this.redirects.stderr = target === 'stderr' ? this.redirects.stderr : target;
  }

  /** A character that is itself, or the start of a `$NAME` to expand. */
  private plain(char: string): void {
    const reference = char === '$' ? VARIABLE_REFERENCE.exec(this.source.slice(this.position)) : null;
    const text = reference ? reference[0] : char;
    this.append(text, reference !== null);
    this.position += text.length;
  }

  private singleQuoted(): void {
    this.wordQuoted = true;
    const end = this.source.indexOf("'", this.position + 1);
    if (end < 0) throw new UnsupportedShellSyntax('an unterminated quoted string', this.line);
    this.append(this.source.slice(this.position + 1, end), false);
    this.position = end + 1;
  }

  private doubleQuoted(): void {
    this.wordQuoted = true;
    this.position += 1;
    this.append('', false);
    while (this.peek() !== '"') {
      if (this.position >= this.source.length) {
        throw new UnsupportedShellSyntax('an unterminated quoted string', this.line);
      }
      const char = this.peek();
      if (char === '`' || (char === '$' && this.peek(1) === '(')) {
        throw new UnsupportedShellSyntax('command substitution', this.line);
      }
      if (char === '\\' && '"\\$`'.includes(this.peek(1))) {
        this.append(this.peek(1), false);
        this.position += 2;
      } else {
        this.plain(char);
      }
    }
    this.position += 1;
  }
}

/** A script as a list of pipelines; throws UnsupportedShellSyntax for what the simulator cannot run. */
export function parseScript(source: string): ListItem[] {
  return new Parser(source).parse();
}
