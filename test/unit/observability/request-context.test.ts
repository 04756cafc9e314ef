import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chooseRequestId,
  requestContextOf,
  requestLogFields,
  setRequestContext,
  shareRequestContext,
} from '../../../src/observability/request-context.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('request context', () => {
  it('names the request on the log lines of its handlers, and of the Request made of it', () => {
    const nodeRequest = {};
    const webRequest = {};
    setRequestContext(nodeRequest, { requestId: chooseRequestId('req-7') });
    shareRequestContext(nodeRequest, webRequest);
    expect(requestLogFields(nodeRequest)).toEqual({ requestId: 'req-7' });
    expect(requestLogFields(webRequest)).toEqual({ requestId: 'req-7' });
    expect(requestContextOf(webRequest)).toBe(requestContextOf(nodeRequest));
  });

  it('names nothing outside a request (stdio, start-up) and shares nothing it does not have', () => {
    const derived = {};
    shareRequestContext({}, derived);
    expect(requestLogFields(undefined)).toEqual({});
    expect(requestLogFields(derived)).toEqual({});
  });

  it('replaces a malformed request id rather than logging it', () => {
    expect(chooseRequestId('forged" "level":60')).toMatch(/^[0-9a-f-]{36}$/);
    expect(chooseRequestId(['a', 'b'])).toMatch(/^[0-9a-f-]{36}$/);
  });

  // On Node.js 20 one enabled AsyncLocalStorage installs promise hooks for the whole process: every
  // promise of every request then pays (bench/README.md measured 15% of an HTTP tool call). Only the
  // tracing exporter, which --otel-endpoint turns on, may use one.
  it('keeps AsyncLocalStorage out of the server unless tracing is on', () => {
    const users = sourceFiles('src')
      .filter((file) =>
        /from 'node:async_hooks'|@opentelemetry\/context-async-hooks/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => file.replaceAll('\\', '/'));
    expect(users).toEqual(['src/observability/trace-export.ts']);
  });
});
