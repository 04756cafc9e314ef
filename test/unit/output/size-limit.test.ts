import { describe, expect, it } from 'vitest';
import { limitOutput } from '../../../src/output/size-limit.js';

const rows = Array.from({ length: 500 }, (_, index) => `pod-${String(index).padStart(3, '0')}   Running`);
const HINT = 'Use limit and continue, or a label selector.';

describe('limitOutput', () => {
  it('returns everything untouched when it fits', () => {
    const result = limitOutput({ header: 'NAME   STATUS', items: ['a', 'b'], footer: 'end' }, 1000, HINT);
    expect(result).toEqual({ text: 'NAME   STATUS\na\nb\nend', truncated: false, shown: 2 });
  });

  it('cuts at an item boundary, stays within the limit and says how many items are shown', () => {
    const result = limitOutput({ header: 'NAME   STATUS', items: rows, footer: 'continue: abc' }, 1024, HINT);
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(1024);
    const lines = result.text.split('\n');
    expect(lines[0]).toBe('NAME   STATUS');
    expect(lines.slice(1, 1 + result.shown)).toEqual(rows.slice(0, result.shown));
    expect(lines.at(-2)).toBe('continue: abc');
    expect(lines.at(-1)).toBe(
      `[output truncated: showing ${result.shown} of 500 items (1 KiB limit). ${HINT}]`,
    );
    expect(result.shown).toBeGreaterThan(40);
  });

  it('measures UTF-8 bytes, not characters', () => {
    const wide = Array.from({ length: 10 }, () => 'é'.repeat(50)); // 100 bytes each
    const result = limitOutput({ items: wide }, 400, HINT);
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(400);
    expect(result.shown).toBe(2);
  });

  it('joins items with the separator given', () => {
    const result = limitOutput({ items: ['a: 1', 'b: 2'], separator: '\n---\n' }, 100, HINT);
    expect(result.text).toBe('a: 1\n---\nb: 2');
  });

  it('cuts an item too large on its own at a line boundary and says so', () => {
    const yaml = Array.from({ length: 1000 }, (_, index) => `line-${index}: value`).join('\n');
    const result = limitOutput({ items: [yaml, 'second'] }, 2048, HINT);
    expect(result).toMatchObject({ truncated: true, shown: 1 });
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(2048);
    const lines = result.text.split('\n');
    const kept = lines.length - 1;
    expect(lines.slice(0, kept)).toEqual(yaml.split('\n').slice(0, kept));
    expect(lines.at(-1)).toBe(
      `[output truncated: showing 1 of 2 items, the first cut after ${kept} of 1000 lines (2 KiB limit). ${HINT}]`,
    );
  });

  it('cuts a single line too long for the limit inside the line rather than showing nothing', () => {
    const result = limitOutput({ items: ['x'.repeat(10_000)] }, 500, HINT);
    expect(result.shown).toBe(1);
    expect(result.text.startsWith('xxxx')).toBe(true);
    expect(result.text).toContain('the first cut inside its first line');
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(500);
  });

  it('always keeps header and footer, even when they alone pass the limit', () => {
    const result = limitOutput({ header: 'H'.repeat(300), items: ['a', 'b'], footer: 'F' }, 100, HINT);
    expect(result.text.startsWith('H'.repeat(300))).toBe(true);
    expect(result.text).toContain('\nF\n[output truncated: showing 0 of 2 items');
  });
});
