import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfigInput } from '../../../../src/settings/server-config.js';
import { ok, startToolCluster, type ToolCluster } from '../tool-harness.js';

let cluster: ToolCluster;
beforeAll(async () => {
  cluster = await startToolCluster({ pods: 40 });
});
afterAll(() => cluster.stop());

const CONTINUE = /continue: "([^"]+)"/;

/** Every page of a listing, following the continue token each answer gives. */
async function allPages(args: Record<string, unknown>, flags: ServerConfigInput = {}) {
  const pages: string[] = [];
  let token: string | undefined;
  do {
    const text = ok(
      await cluster.call('kubernetes_list', { ...args, ...(token && { continue: token }) }, flags),
    );
    pages.push(text);
    token = CONTINUE.exec(text)?.[1];
  } while (token && pages.length < 100);
  return pages;
}

function names(page: string, column: number): string[] {
  return page
    .split('\n')
    .filter(
      (line) => !/^(NAME|NAMESPACE)\s/.test(line) && !/ shown; more exist/.test(line) && line.trim() !== '',
    )
    .map((line) => line.split(/\s+/)[column] ?? '');
}

describe('kubernetes_list paging', () => {
  it('pages 40 pods 3 at a time without skipping or repeating one', async () => {
    const pages = await allPages({ resourceType: 'pods', namespace: 'load', limit: 3 });
    const seen = pages.flatMap((page) => names(page, 0));
    expect(pages).toHaveLength(14);
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    expect(pages[0]).toMatch(
      /3 pods shown; more exist \(about 37 more\)\. Next page: repeat this call with continue:/,
    );
  });

  it('pages across the allowed namespaces one after the other without skipping or repeating', async () => {
    const settings = { allowedNamespaces: ['team-a', 'load', 'team-b'] };
    const pages = await allPages({ resourceType: 'pods', allNamespaces: true, limit: 3 }, settings);
    const seen = pages.flatMap((page) => names(page, 1));
    const namespaces = new Set(pages.flatMap((page) => names(page, 0)));
    expect(namespaces).toEqual(new Set(['team-a', 'load', 'team-b']));
    const everyPod = ok(
      await cluster.call('kubernetes_list', { resourceType: 'pods', allNamespaces: true, limit: 500 }),
    );
    const expected = names(everyPod, 1).filter((_, index) =>
      ['team-a', 'load', 'team-b'].includes(names(everyPod, 0)[index] ?? ''),
    );
    expect(seen.sort()).toEqual(expected.sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('cuts an oversized page and advises a smaller limit, not a token that would skip', async () => {
    const text = ok(
      await cluster.call(
        'kubernetes_list',
        { resourceType: 'pods', namespace: 'load', limit: 40, output: 'json' },
        { maxOutputBytes: 8 * 1024 },
      ),
    );
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(8 * 1024);
    const advice = /\[output truncated: showing (\d+) of 40 items .*repeat this call with limit: (\d+)/.exec(
      text,
    );
    expect(advice?.[1]).toBe(advice?.[2]);
    expect(text).not.toMatch(CONTINUE);
  });
});
