import { describe, expect, it } from 'vitest';
import { ageSince, parseDuration } from '../../../src/tools/age.js';

const now = new Date('2026-01-10T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

describe('ages and durations', () => {
  it('prints ages as kubectl does', () => {
    expect(ageSince(ago(45), now)).toBe('45s');
    expect(ageSince(ago(5 * 60 + 7), now)).toBe('5m7s');
    expect(ageSince(ago(50 * 60), now)).toBe('50m');
    expect(ageSince(ago(3 * 3600 + 20 * 60), now)).toBe('3h20m');
    expect(ageSince(ago(5 * 86400), now)).toBe('5d');
    expect(ageSince(undefined, now)).toBe('<unknown>');
  });

  it('parses durations such as 30s, 5m, 1h30m and 2d', () => {
    expect(parseDuration('30s')).toBe(30);
    expect(parseDuration('5m')).toBe(300);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('2d')).toBe(172800);
    expect(parseDuration('soon')).toBeUndefined();
  });
});
