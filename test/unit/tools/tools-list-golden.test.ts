import { readFileSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ClusterAccess } from '../../../src/k8s/cluster-client.js';
import { createServer } from '../../../src/server/create-server.js';
import type { ServerConfigInput } from '../../../src/settings/server-config.js';

// The whole tools/list answer (names, descriptions, input schemas, annotations) as clients see it,
// compared with a committed file: any change to what a model is offered shows up in review.

// Biome lays JSON out its own way: formatting after writing keeps `biome check` green.
const REGENERATE =
  'UPDATE_GOLDEN=1 npx vitest run test/unit/tools/tools-list-golden.test.ts && npx biome format --write test/golden';

/** The full answers: the flag sets people run with. */
/** `serve` flags, and whether the cluster is reached from inside (in-cluster hides the context tools). */
type GoldenFlags = Omit<ServerConfigInput, 'inCluster'> & { inCluster?: boolean };

const LISTED_FLAG_SETS: Record<string, GoldenFlags> = {
  'default flags': {},
  '--non-destructive=false': { nonDestructive: false },
};

/** Only the names, for every combination of the flags that hide tools. */
const NAMED_FLAG_SETS: Record<string, GoldenFlags> = {
  'default flags': {},
  '--non-destructive=false': { nonDestructive: false },
  '--read-only': { readOnly: true },
  '--read-only --non-destructive=false --dry-run': { readOnly: true, nonDestructive: false, dryRun: true },
  '--dry-run': { dryRun: true },
  '--dry-run --non-destructive=false': { dryRun: true, nonDestructive: false },
  '--in-cluster --non-destructive=false': { inCluster: true, nonDestructive: false },
  '--disabled-tools=kubernetes_get --enabled-tools=kubernetes_get,kubernetes_list': {
    disabledTools: ['kubernetes_get'],
    enabledTools: ['kubernetes_get', 'kubernetes_list'],
  },
};

/** tools/list needs no cluster: any request to one would fail this test loudly. */
const noCluster = (inCluster: boolean): ClusterAccess => ({
  inCluster,
  contexts: () => [],
  defaultContext: () => 'none',
  client: () => {
    throw new Error('tools/list must not reach a cluster');
  },
  close: async () => {},
});

/** tools/list through the SDK's client, over the stdio transport of a server built from `flags`. */
async function listTools({ inCluster = false, ...flags }: GoldenFlags): Promise<ListToolsResult> {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const server = createServer(
    { transport: 'stdio', logLevel: 'silent', ...flags },
    {
      stdio: { stdin: toServer, stdout: fromServer },
      clusterAccess: noCluster(inCluster),
      logger: pino({ level: 'silent' }),
    },
  );
  await server.start();
  const client = new Client({ name: 'golden-test', version: '1.0.0' });
  // The stdio framing is the same both ways (one JSON-RPC message per line), so the SDK's stdio
  // transport serves the client end of the pipe pair as well.
  await client.connect(new StdioServerTransport(fromServer, toServer));
  try {
    return await client.listTools();
  } finally {
    await client.close();
    await server.stop();
  }
}

async function answersByFlags<Answer>(
  flagSets: Record<string, GoldenFlags>,
  answer: (listing: ListToolsResult) => Answer,
): Promise<Record<string, Answer>> {
  const answers: Record<string, Answer> = {};
  for (const [label, flags] of Object.entries(flagSets)) answers[label] = answer(await listTools(flags));
  return answers;
}

/**
 * Compares with the golden file, or rewrites it when UPDATE_GOLDEN=1. Compared as JSON values, not
 * text, so that the formatter may lay the file out its own way.
 */
function expectGolden(fileName: string, current: unknown): void {
  const path = fileURLToPath(new URL(`../../golden/${fileName}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(path, `${JSON.stringify(current, null, 2)}\n`);
    return;
  }
  expect(
    current,
    `tools/list changed. If the change is meant, regenerate test/golden/${fileName} with ${REGENERATE} ` +
      'and review its diff.',
  ).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

describe('tools/list', () => {
  it('answers exactly as test/golden/tools-list.json says', async () => {
    expectGolden('tools-list.json', await answersByFlags(LISTED_FLAG_SETS, (listing) => listing));
  });

  it('stays under 20 KB with the default flags: every byte of it is read by the model', async () => {
    const listing = await listTools({});
    expect(Buffer.byteLength(JSON.stringify(listing))).toBeLessThan(20 * 1024);
  });

  it('offers exactly the tools test/golden/tools-by-flags.json names under each set of flags', async () => {
    const names = (listing: ListToolsResult) => listing.tools.map((tool) => tool.name);
    expectGolden('tools-by-flags.json', await answersByFlags(NAMED_FLAG_SETS, names));
  });
});
