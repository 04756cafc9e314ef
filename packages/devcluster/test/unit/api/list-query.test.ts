import { describe, expect, it } from 'vitest';
import { paginate } from '../../../src/api/list-query.js';
import { ApiError } from '../../../src/api/status.js';
import type { KubeObject } from '../../../src/types.js';

function objects(names: string[]): KubeObject[] {
  return names.map((name) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' } }));
}

const request = {
  limit: 2,
  continueToken: '',
  currentResourceVersion: 10,
  compactedResourceVersion: 0,
  filtered: false,
};

describe('paginate', () => {
  it('walks every object exactly once with continue tokens', () => {
    const all = objects(['a', 'b', 'c', 'd', 'e']);
    const seen: string[] = [];
    let token = '';
    do {
      const page = paginate(all, { ...request, continueToken: token });
      seen.push(...page.items.map((item) => item.metadata.name ?? ''));
      token = page.continue ?? '';
    } while (token);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('neither skips nor repeats when an earlier object is deleted between pages', () => {
    const first = paginate(objects(['a', 'b', 'c', 'd']), request);
    const second = paginate(objects(['b', 'c', 'd']), { ...request, continueToken: first.continue ?? '' });
    expect(second.items.map((item) => item.metadata.name)).toEqual(['c', 'd']);
    expect(second.continue).toBeUndefined();
  });

  it('reports remainingItemCount only when nothing was filtered', () => {
    expect(paginate(objects(['a', 'b', 'c']), request).remainingItemCount).toBe(1);
    expect(
      paginate(objects(['a', 'b', 'c']), { ...request, filtered: true }).remainingItemCount,
    ).toBeUndefined();
  });

  it('answers a token from before the compacted version with 410 Expired', () => {
    const first = paginate(objects(['a', 'b', 'c']), request);
    let error: unknown;
    try {
      paginate(objects(['a', 'b', 'c']), {
        ...request,
        continueToken: first.continue ?? '',
        compactedResourceVersion: 11,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toMatchObject({ code: 410, reason: 'Expired' });
  });

  it('keeps the list resourceVersion of the first page', () => {
    const first = paginate(objects(['a', 'b', 'c']), request);
    const second = paginate(objects(['a', 'b', 'c']), {
      ...request,
      continueToken: first.continue ?? '',
      currentResourceVersion: 99,
    });
    expect(second.resourceVersion).toBe('10');
  });
});
