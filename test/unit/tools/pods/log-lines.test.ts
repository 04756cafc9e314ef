import { describe, expect, it } from 'vitest';
import { keepNewestLines, lineFilter, logLines } from '../../../../src/tools/pods/log-lines.js';

describe('log lines', () => {
  it('filters by substring, or by /regex/flags', () => {
    const lines = ['GET /healthz 200', 'ERROR db timeout', 'error: refused'];
    expect(lines.filter(lineFilter('ERROR'))).toEqual(['ERROR db timeout']);
    expect(lines.filter(lineFilter('/error|refused/i'))).toEqual(['ERROR db timeout', 'error: refused']);
    expect(lines.filter(lineFilter(undefined))).toEqual(lines);
  });

  it('refuses an invalid regular expression with a clear message', () => {
    expect(() => lineFilter('/(unclosed/')).toThrow(/not a valid regular expression/);
  });

  it('keeps the newest lines within the byte cap and says how many were left out', () => {
    const lines = Array.from({ length: 100 }, (_, index) => `line ${index}`);
    const text = keepNewestLines(lines, 300, 'Use grep.');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(300);
    expect(text).toMatch(/^\[output truncated: showing the last \d+ of 100 lines/);
    expect(text.endsWith('line 99')).toBe(true);
  });

  it('splits a log without inventing an empty last line', () => {
    expect(logLines('a\nb\n')).toEqual(['a', 'b']);
  });
});
