import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/config/duration.js';

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['90d', 90 * 86_400_000],
    ['1d12h', 36 * 3_600_000],
    ['0', 0],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', '3600', 'm', '30 m', '1w', '-5s', '30mm'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('writes the largest whole unit', () => {
    expect([formatDuration(1_800_000), formatDuration(90_000), formatDuration(1500)]).toEqual([
      '30m',
      '90s',
      '1500ms',
    ]);
  });
});
