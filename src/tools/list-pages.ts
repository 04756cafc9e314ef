import { UsageError } from './error-mapping.js';

// Paging over one or several list requests ("segments": the allowed namespaces one by one when
// --allowed-namespaces confines an all-namespaces listing). One segment passes the API server's
// continue token through untouched; several get a token of ours that records the segment and the
// server's token inside it, so pages neither skip nor repeat across segment boundaries.

export interface Chunk<Entry> {
  entries: Entry[];
  continueToken?: string | undefined;
  remainingItemCount?: number | undefined;
}

export interface Page<Entry> {
  entries: Entry[];
  continueToken?: string;
  /** The API server's estimate of what is left, when it gave one. */
  remainingItemCount?: number;
}

export type FetchChunk<Entry> = (
  segment: number,
  limit: number,
  continueToken?: string,
) => Promise<Chunk<Entry>>;

interface Position {
  segment: number;
  continueToken?: string | undefined;
}

const TOKEN_PREFIX = 'mcp1.';

function encode(position: Position): string {
  return (
    TOKEN_PREFIX +
    Buffer.from(JSON.stringify([position.segment, position.continueToken ?? ''])).toString('base64url')
  );
}

function decode(token: string | undefined, segments: number): Position {
  if (token === undefined || token === '') return { segment: 0 };
  if (segments === 1) return { segment: 0, continueToken: token };
  try {
    if (!token.startsWith(TOKEN_PREFIX)) throw new Error('foreign token');
    const [segment, continueToken] = JSON.parse(
      Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString(),
    );
    if (
      !Number.isInteger(segment) ||
      segment < 0 ||
      segment >= segments ||
      typeof continueToken !== 'string'
    ) {
      throw new Error('malformed token');
    }
    return { segment, ...(continueToken && { continueToken }) };
  } catch {
    throw new UsageError(
      'The continue token is not one this listing returned. Repeat the same call (same resourceType, ' +
        'namespaces and selectors) without "continue" to start again.',
    );
  }
}

/** Reads up to `limit` entries from where `token` left off. */
export async function readPage<Entry>(
  segments: number,
  limit: number,
  token: string | undefined,
  fetchChunk: FetchChunk<Entry>,
): Promise<Page<Entry>> {
  const position = decode(token, segments);
  const entries: Entry[] = [];
  let remainingItemCount: number | undefined;
  while (entries.length < limit && position.segment < segments) {
    const chunk = await fetchChunk(position.segment, limit - entries.length, position.continueToken);
    entries.push(...chunk.entries);
    remainingItemCount = chunk.remainingItemCount;
    if (chunk.continueToken) {
      position.continueToken = chunk.continueToken;
    } else {
      position.segment += 1;
      position.continueToken = undefined;
    }
  }
  if (position.segment >= segments) return { entries };
  const continueToken = segments === 1 ? (position.continueToken ?? '') : encode(position);
  return {
    entries,
    ...(continueToken && { continueToken }),
    ...(segments === 1 && remainingItemCount !== undefined && { remainingItemCount }),
  };
}

/**
 * Reads every entry, page by page, up to `cap`; says whether it stopped at the cap. `onPage` hears
 * how many were read so far after each page (a long read reports progress with it).
 */
export async function readAll<Entry>(
  segments: number,
  cap: number,
  fetchChunk: FetchChunk<Entry>,
  onPage?: (readSoFar: number) => Promise<void>,
): Promise<{ entries: Entry[]; capped: boolean }> {
  const entries: Entry[] = [];
  let token: string | undefined;
  do {
    const page = await readPage(segments, Math.min(500, cap - entries.length), token, fetchChunk);
    entries.push(...page.entries);
    token = page.continueToken;
    if (token) await onPage?.(entries.length);
  } while (token && entries.length < cap);
  return { entries, capped: token !== undefined };
}
