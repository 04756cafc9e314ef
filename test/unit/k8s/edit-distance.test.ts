import { describe, expect, it } from 'vitest';
import { editDistance } from '../../../src/k8s/edit-distance.js';

describe('editDistance', () => {
  it.each([
    ['pods', 'pods', 0],
    ['pod', 'pods', 1],
    ['deploymnets', 'deployments', 2],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s -> %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});
