import { ProtocolError, ProtocolErrorCode, Server } from '@modelcontextprotocol/server';

// The SDK checks each request's params against the protocol's schema before our handlers run, and
// words a failure as zod's issue list, pretty-printed JSON (`[\n  {\n    "expected": "string", ...`).
// For most methods it even answers -32603 (internal error) instead of -32602 (invalid params).
// This server answers such a request -32602 with the issues in one line of plain words.

interface SchemaIssue {
  path: (string | number)[];
  message: string;
}

function isIssueList(value: unknown): value is SchemaIssue[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (issue) =>
        typeof issue === 'object' &&
        issue !== null &&
        typeof issue.code === 'string' &&
        Array.isArray(issue.path) &&
        typeof issue.message === 'string',
    )
  );
}

/**
 * The issues a failed check of a request's params lists, or undefined for any other error (a
 * failed check of our own result, for one, is our bug and keeps its code and words).
 */
function schemaIssues(message: string): SchemaIssue[] | undefined {
  const start = message.indexOf('[');
  if (start < 0) return undefined;
  try {
    const issues: unknown = JSON.parse(message.slice(start));
    return isIssueList(issues) && issues.every((issue) => issue.path[0] === 'params') ? issues : undefined;
  } catch {
    return undefined;
  }
}

function pathText(path: (string | number)[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`))
    .join('');
}

/** `Invalid params for tools/call: params.name: expected string, received number; ...` */
export function wordedParamsError(method: string, error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const issues = schemaIssues(error.message);
  if (!issues) return error;
  const words = issues.map(
    (issue) =>
      `${pathText(issue.path)}: ${issue.message.replace(/^Invalid input: /, '').replace(/^expected record/, 'expected object')}`,
  );
  return new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `Invalid params for ${method}: ${words.join('; ')}`,
  );
}

/** The SDK's low-level Server, with params errors worded as above for every method it serves. */
export class WordedErrorsServer extends Server {
  protected override _wrapHandler(
    method: string,
    handler: Parameters<Server['_wrapHandler']>[1],
  ): ReturnType<Server['_wrapHandler']> {
    const checked = super._wrapHandler(method, handler);
    return (request, ctx) =>
      checked(request, ctx).catch((error: unknown) => {
        throw wordedParamsError(method, error);
      });
  }
}
