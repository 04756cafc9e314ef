import { describe, expect, it } from 'vitest';
import { type FetchChunk, readAll, readPage } from '../../../src/tools/list-pages.js';

/** Segments of numbered items, served in chunks with the API server's kind of continue token. */
function segmentsOf(sizes: number[]): FetchChunk<string> {
  return async (segment, limit, token) => {
    const start = token ? Number(token) : 0;
    const size = sizes[segment] ?? 0;
    const end = Math.min(size, start + limit);
    const entries = Array.from({ length: end - start }, (_, index) => `${segment}:${start + index}`);
    return { entries, ...(end < size && { continueToken: String(end) }) };
  };
}

async function everyPage(sizes: number[], limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let token: string | undefined;
  do {
    const page = await readPage(sizes.length, limit, token, segmentsOf(sizes));
    pages.push(page.entries);
    token = page.continueToken;
  } while (token);
  return pages;
}

describe('paging over list segments', () => {
  it('passes the API server token through untouched for a single segment', async () => {
    const page = await readPage(1, 3, undefined, segmentsOf([10]));
    expect(page).toEqual({ entries: ['0:0', '0:1', '0:2'], continueToken: '3' });
  });

  it('fills pages across segments without skipping or repeating an item', async () => {
    const sizes = [4, 0, 5, 2];
    const pages = await everyPage(sizes, 3);
    const seen = pages.flat();
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    expect(pages.slice(0, -1).every((page) => page.length === 3)).toBe(true);
  });

  it('refuses a token it did not hand out', async () => {
    await expect(readPage(2, 3, 'not-ours', segmentsOf([4, 4]))).rejects.toThrow(/continue token/);
  });

  it('reads everything up to a cap and says when it stopped there', async () => {
    expect(await readAll(2, 100, segmentsOf([3, 4]))).toEqual({
      entries: ['0:0', '0:1', '0:2', '1:0', '1:1', '1:2', '1:3'],
      capped: false,
    });
    expect((await readAll(1, 5, segmentsOf([9]))).capped).toBe(true);
  });
});
