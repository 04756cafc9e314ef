// JSON decoding that fails with the texts of Go's encoding/json (and sigs.k8s.io/json, its fork the
// apiserver decodes patches with), because those texts reach clients inside 400 BadRequest messages.
import { goEscape } from '../api/go-quote.js';

/** A decoding failure whose message is the one the Go decoder gives. */
export class GoJsonError extends Error {}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const SIMPLE_ESCAPES = new Set(['b', 'f', 'n', 'r', 't', '\\', '/', '"']);

/** Go's quoteChar: how the scanner names the byte it stumbled on, in single quotes. */
function quoteChar(char: string): string {
  if (char === "'") return "'\\''";
  if (char === '"') return "'\"'";
  return `'${goEscape(char)}'`;
}

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';
const isHex = (char: string | undefined): boolean => char !== undefined && /[0-9a-fA-F]/.test(char);

/** Walks the text the way Go's scanner does and throws its message at the first syntax error. */
class SyntaxCheck {
  private pos = 0;

  constructor(private readonly text: string) {}

  run(): void {
    this.value();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('after top-level value');
  }

  private fail(context: string): never {
    const char = this.text[this.pos];
    if (char === undefined) throw new GoJsonError('unexpected end of JSON input');
    throw new GoJsonError(`invalid character ${quoteChar(char)} ${context}`);
  }

  private skipSpace(): void {
    while (WHITESPACE.has(this.text[this.pos] ?? '')) this.pos++;
  }

  private value(): void {
    this.skipSpace();
    const char = this.text[this.pos];
    if (char === '{') this.object();
    else if (char === '[') this.array();
    else if (char === '"') this.string();
    else if (char === '-' || isDigit(char)) this.number();
    else if (char === 't') this.literal('true');
    else if (char === 'f') this.literal('false');
    else if (char === 'n') this.literal('null');
    else this.fail('looking for beginning of value');
  }

  private object(): void {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('looking for beginning of object key string');
      this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('after object key');
      this.pos++;
      this.value();
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') return;
      if (next !== ',') {
        this.pos--;
        this.fail('after object key:value pair');
      }
      this.skipSpace();
    }
  }

  private array(): void {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') return;
      if (next !== ',') {
        this.pos--;
        this.fail('after array element');
      }
    }
  }

  private string(): void {
    this.pos++;
    for (;;) {
      const char = this.text[this.pos];
      if (char === undefined) this.fail('in string literal');
      if (char === '"') {
        this.pos++;
        return;
      }
      if (char === '\\') {
        this.pos++;
        this.escape();
      } else if (char.charCodeAt(0) < 0x20) {
        this.fail('in string literal');
      } else {
        this.pos++;
      }
    }
  }

  private escape(): void {
    const char = this.text[this.pos];
    if (char === 'u') {
      this.pos++;
      for (let i = 0; i < 4; i++) {
        if (!isHex(this.text[this.pos])) this.fail('in \\u hexadecimal character escape');
        this.pos++;
      }
    } else if (char !== undefined && SIMPLE_ESCAPES.has(char)) {
      this.pos++;
    } else {
      this.fail('in string escape code');
    }
  }

  private number(): void {
    if (this.text[this.pos] === '-') {
      this.pos++;
      if (!isDigit(this.text[this.pos])) this.fail('in numeric literal');
    }
    if (this.text[this.pos] === '0') this.pos++;
    else this.digits();
    if (this.text[this.pos] === '.') {
      this.pos++;
      if (!isDigit(this.text[this.pos])) this.fail('after decimal point in numeric literal');
      this.digits();
    }
    if (this.text[this.pos] === 'e' || this.text[this.pos] === 'E') {
      this.pos++;
      if (this.text[this.pos] === '+' || this.text[this.pos] === '-') this.pos++;
      if (!isDigit(this.text[this.pos])) this.fail('in exponent of numeric literal');
      this.digits();
    }
  }

  private digits(): void {
    while (isDigit(this.text[this.pos])) this.pos++;
  }

  private literal(word: string): void {
    for (let i = 1; i < word.length; i++) {
      if (this.text[this.pos + i] !== word[i]) {
        this.pos += i;
        this.fail(`in literal ${word} (expecting ${quoteChar(word[i] ?? '')})`);
      }
    }
    this.pos += word.length;
  }
}

/** Parses JSON; a syntax error carries the message Go's json.Unmarshal gives for it. */
export function parseJsonLikeGo(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    new SyntaxCheck(text).run();
    // JSON.parse and Go disagree only on inputs Go accepts (none known); answer like Go's checker anyway.
    throw new GoJsonError('unexpected end of JSON input');
  }
}

/** The word Go's UnmarshalTypeError uses for a decoded JSON value. */
function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** Go's message for a JSON value that does not fit the Go type it is decoded into. */
export function cannotUnmarshal(value: unknown, goType: string, structField?: string): GoJsonError {
  const target = structField ? `Go struct field ${structField}` : 'Go value';
  return new GoJsonError(`json: cannot unmarshal ${goJsonKind(value)} into ${target} of type ${goType}`);
}
