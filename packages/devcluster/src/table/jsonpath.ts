// The part of client-go's JSONPath that CRD printer columns use: `.a.b`, `['a.b']`, `.a[0]`,
// `.a[*].b`, `.a.*` and filters such as `[?(@.type=="Ready")]`. Missing keys yield no result,
// as the server's column paths run with AllowMissingKeys.

type Literal = string | number | boolean;
type Operand = { path: Step[] } | { literal: Literal };
type FilterOperator = '==' | '!=' | '<' | '>' | '<=' | '>=';

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; left: Operand; operator?: FilterOperator; right?: Operand };

export class JsonPathSyntaxError extends Error {}

const FIELD_END = /[.[\]()=!<>\s]/;
const OPERATORS: FilterOperator[] = ['==', '!=', '<=', '>=', '<', '>'];

/** Reads one JSONPath expression, character by character. */
class PathReader {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  /** Steps until something that cannot continue a path (end, space, `)`, an operator). */
  steps(): Step[] {
    const steps: Step[] = [];
    for (;;) {
      if (this.take('..')) throw this.error('recursive descent is not supported');
      if (this.take('.'))
        steps.push(this.take('*') ? { kind: 'wildcard' } : { kind: 'field', name: this.fieldName() });
      else if (this.take('[')) steps.push(this.bracket());
      else return steps;
    }
  }

  private bracket(): Step {
    let step: Step;
    if (this.peek() === "'" || this.peek() === '"') step = { kind: 'field', name: this.quoted() };
    else if (this.take('*')) step = { kind: 'wildcard' };
    else if (this.take('?(')) step = this.filter();
    else step = { kind: 'index', index: this.integer() };
    this.expect(']');
    return step;
  }

  private filter(): Step {
    const left = this.operand();
    this.skipSpaces();
    const operator = OPERATORS.find((candidate) => this.take(candidate));
    const step: Step = operator
      ? { kind: 'filter', left, operator, right: this.operand() }
      : { kind: 'filter', left };
    this.skipSpaces();
    this.expect(')');
    return step;
  }

  private operand(): Operand {
    this.skipSpaces();
    if (this.take('@')) return { path: this.steps() };
    if (this.peek() === "'" || this.peek() === '"') return { literal: this.quoted() };
    if (this.take('true')) return { literal: true };
    if (this.take('false')) return { literal: false };
    const number = /^-?\d+(\.\d+)?/.exec(this.text.slice(this.position));
    if (!number) throw this.error('expected a value');
    this.position += number[0].length;
    return { literal: Number(number[0]) };
  }

  private fieldName(): string {
    const start = this.position;
    while (!this.atEnd() && !FIELD_END.test(this.text.charAt(this.position))) this.position++;
    if (this.position === start) throw this.error('expected a field name');
    return this.text.slice(start, this.position);
  }

  private quoted(): string {
    const quote = this.text.charAt(this.position);
    const end = this.text.indexOf(quote, this.position + 1);
    if (end < 0) throw this.error('unterminated quote');
    const value = this.text.slice(this.position + 1, end);
    this.position = end + 1;
    return value;
  }

  private integer(): number {
    const digits = /^-?\d+/.exec(this.text.slice(this.position));
    if (!digits) throw this.error('expected an index, `*` or a filter');
    this.position += digits[0].length;
    return Number(digits[0]);
  }

  private skipSpaces(): void {
    while (this.peek() === ' ') this.position++;
  }

  private peek(): string {
    return this.text.charAt(this.position);
  }

  private take(token: string): boolean {
    if (!this.text.startsWith(token, this.position)) return false;
    this.position += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.take(token)) throw this.error(`expected '${token}'`);
  }

  private error(message: string): JsonPathSyntaxError {
    return new JsonPathSyntaxError(`${message} at position ${this.position} of ${JSON.stringify(this.text)}`);
  }
}

/** Compiles a path such as `.status.conditions[?(@.type=="Ready")].status` into a finder of its values. */
export function compileJsonPath(expression: string): (data: unknown) => unknown[] {
  const reader = new PathReader(expression.trim());
  const steps = reader.steps();
  if (!reader.atEnd()) throw new JsonPathSyntaxError(`unexpected text in ${JSON.stringify(expression)}`);
  return (data) => evaluate(steps, [data]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function evaluate(steps: Step[], values: unknown[]): unknown[] {
  return steps.reduce((current, step) => current.flatMap((value) => applyStep(step, value)), values);
}

function applyStep(step: Step, value: unknown): unknown[] {
  switch (step.kind) {
    case 'field':
      return isRecord(value) && Object.hasOwn(value, step.name) ? [value[step.name]] : [];
    case 'index': {
      if (!Array.isArray(value)) return [];
      const index = step.index < 0 ? value.length + step.index : step.index;
      return index >= 0 && index < value.length ? [value[index]] : [];
    }
    case 'wildcard':
      if (Array.isArray(value)) return value;
      return isRecord(value) ? Object.values(value) : [];
    case 'filter':
      return Array.isArray(value) ? value.filter((item) => passes(step, item)) : [];
  }
}

function operandValues(operand: Operand, item: unknown): unknown[] {
  return 'literal' in operand ? [operand.literal] : evaluate(operand.path, [item]);
}

function passes(filter: Extract<Step, { kind: 'filter' }>, item: unknown): boolean {
  const left = operandValues(filter.left, item);
  if (left.length === 0) return false;
  if (!filter.operator || !filter.right) return true;
  const right = operandValues(filter.right, item);
  return right.length > 0 && compare(left[0], filter.operator, right[0]);
}

function compare(left: unknown, operator: FilterOperator, right: unknown): boolean {
  // Like Go templates' comparisons, values of different kinds never match.
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (operator === '==') return left === right;
  if (operator === '!=') return left !== right;
  if (!comparable) return false;
  const [a, b] = [left as number | string, right as number | string];
  switch (operator) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
  }
}
