import { describe, expect, it } from 'vitest';
import { ageSince, humanDuration } from '../../../src/table/human-duration.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('humanDuration', () => {
  it.each([
    ['0', 0, '0s'],
    ['59s', 59 * SECOND, '59s'],
    ['119s', 119 * SECOND, '119s'],
    ['2min', 2 * MINUTE, '2m'],
    ['2min + 30s', 2 * MINUTE + 30 * SECOND, '2m30s'],
    ['9min + 59s', 9 * MINUTE + 59 * SECOND, '9m59s'],
    ['10min + 30s', 10 * MINUTE + 30 * SECOND, '10m'],
    ['179min', 179 * MINUTE, '179m'],
    ['3h', 3 * HOUR, '3h'],
    ['3h + 5min', 3 * HOUR + 5 * MINUTE, '3h5m'],
    ['8h + 5min', 8 * HOUR + 5 * MINUTE, '8h'],
    ['47h', 47 * HOUR, '47h'],
    ['48h', 48 * HOUR, '2d'],
    ['2d + 5h', 2 * DAY + 5 * HOUR, '2d5h'],
    ['8d + 5h', 8 * DAY + 5 * HOUR, '8d'],
    ['200d', 200 * DAY, '200d'],
    ['729d', 729 * DAY, '729d'],
    ['730d', 730 * DAY, '2y'],
    ['3*365d + 10d', (3 * 365 + 10) * DAY, '3y10d'],
    ['8*365d + 100d', (8 * 365 + 100) * DAY, '8y'],
  ])('prints %s as %s, with the precision kube-apiserver uses', (_duration, milliseconds, expected) => {
    expect(humanDuration(milliseconds)).toBe(expected);
  });

  it('treats up to two seconds in the future as clock skew and more as invalid', () => {
    expect(humanDuration(-1500)).toBe('0s');
    expect(humanDuration(-3 * SECOND)).toBe('<invalid>');
  });
});

describe('ageSince', () => {
  it('measures from a timestamp to now and says <unknown> when the timestamp is unset', () => {
    const now = new Date('2025-01-10T12:00:00Z');
    expect(ageSince('2025-01-10T11:55:00Z', now)).toBe('5m');
    expect(ageSince(undefined, now)).toBe('<unknown>');
    expect(ageSince('', now)).toBe('<unknown>');
  });
});
