import { describe, expect, it } from 'vitest';
import { scaleDownLimit, scaleUpLimit } from '../../../src/controllers/autoscaler-behavior.js';

describe("an HPA's scaling rules", () => {
  it('by default scale up by 4 pods or 100%, whichever allows more, and down to zero at once', () => {
    expect(scaleUpLimit(undefined, 2)).toBe(6);
    expect(scaleUpLimit(undefined, 10)).toBe(20);
    expect(scaleDownLimit(undefined, 10)).toBe(0);
  });

  it('follow the policies given, Max taking the largest step, Min the smallest, Disabled none', () => {
    const policies = [
      { type: 'Pods', value: 2 },
      { type: 'Percent', value: 50 },
    ];
    expect(scaleUpLimit({ policies }, 10)).toBe(15);
    expect(scaleUpLimit({ policies, selectPolicy: 'Min' }, 10)).toBe(12);
    expect(scaleDownLimit({ policies }, 10)).toBe(5);
    expect(scaleDownLimit({ policies, selectPolicy: 'Min' }, 10)).toBe(8);
    expect(scaleUpLimit({ selectPolicy: 'Disabled' }, 3)).toBe(3);
    expect(scaleDownLimit({ selectPolicy: 'Disabled' }, 3)).toBe(3);
  });
});
