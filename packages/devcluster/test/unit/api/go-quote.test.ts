import { describe, expect, it } from 'vitest';
import { goQuote, isGoPrintable } from '../../../src/api/go-quote.js';

describe('goQuote', () => {
  it('escapes as Go %q does: quotes, backslashes, control and invisible characters, not printable Unicode', () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('line\nnext\ttab\x01\x7f')).toBe('"line\\nnext\\ttab\\x01\\x7f"');
    expect(goQuote('héllo wörld ✓')).toBe('"héllo wörld ✓"');
    expect(goQuote('no\u00a0break\u200b')).toBe('"no\\u00a0break\\u200b"');
  });

  it('names the bell and vertical tab, and writes characters past the BMP as \\U', () => {
    expect(goQuote('\x07\v')).toBe('"\\a\\v"');
    expect(goQuote('\u{e0001}')).toBe('"\\U000e0001"');
  });
});

describe('isGoPrintable', () => {
  it('takes the ASCII space as printable but no other space or control character', () => {
    expect(isGoPrintable(' ')).toBe(true);
    expect(isGoPrintable('é')).toBe(true);
    expect(isGoPrintable('\u00a0')).toBe(false);
    expect(isGoPrintable('\x1b')).toBe(false);
  });
});
