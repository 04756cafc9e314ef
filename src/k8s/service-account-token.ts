import { readFile } from 'node:fs/promises';

/** How long a read token is reused; client-go re-reads the projected token file every minute too. */
export const TOKEN_REFRESH_MS = 60_000;

/**
 * The pod's service-account token, re-read from its file once it is older than `refreshMs`,
 * since the kubelet rotates projected tokens. A failed re-read keeps the last good token (the
 * kubelet swaps the file atomically, but a read can still race it).
 */
export function serviceAccountToken(
  tokenFile: string,
  now: () => number,
  refreshMs = TOKEN_REFRESH_MS,
): () => Promise<string> {
  let token: string | undefined;
  let readAt = Number.NEGATIVE_INFINITY;
  return async () => {
    if (token !== undefined && now() - readAt < refreshMs) return token;
    try {
      token = (await readFile(tokenFile, 'utf8')).trim();
      readAt = now();
    } catch (error) {
      if (token === undefined) throw error;
    }
    return token;
  };
}
