const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

function parsedUrl(text: string): URL | undefined {
  return URL.canParse(text) ? new URL(text) : undefined;
}

/** `scheme://host:port` with the port always written, or undefined when `text` is no http(s) origin. */
export function normalizeOrigin(text: string): string | undefined {
  const url = parsedUrl(text.trim());
  if (!url || DEFAULT_PORTS[url.protocol] === undefined || url.hostname === '') return undefined;
  return `${url.protocol}//${url.hostname}:${url.port || DEFAULT_PORTS[url.protocol]}`;
}

/**
 * Why an `ALLOWED_ORIGINS` / `--allowed-origins` entry is not an origin, or undefined when it is one:
 * http or https, a host, an optional port, and nothing else (no path, query, fragment or credentials).
 */
export function originProblem(text: string): string | undefined {
  const entry = text.trim();
  const quoted = JSON.stringify(entry);
  const url = parsedUrl(entry);
  if (!url || !/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
    return `entry ${quoted} is not an origin: it needs a scheme and a host, e.g. https://app.example.com`;
  }
  if (DEFAULT_PORTS[url.protocol] === undefined) return `entry ${quoted} must use http or https`;
  if (url.hostname === '') return `entry ${quoted} has no host`;
  if (url.username || url.password) return `entry ${quoted} must not hold credentials`;
  if (url.pathname !== '/') {
    return `entry ${quoted} must not have a path: an origin is scheme://host[:port]`;
  }
  if (url.search || entry.includes('?')) return `entry ${quoted} must not have a query`;
  if (url.hash || entry.includes('#')) return `entry ${quoted} must not have a fragment`;
  return undefined;
}

/** An invalid entry stops start-up; the message names it. */
export class AllowedOriginsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'AllowedOriginsError';
  }
}

/** The entries, normalised to `scheme://host:port`; throws AllowedOriginsError naming every bad one. */
export function parseAllowedOrigins(entries: string | readonly string[]): string[] {
  const list = (typeof entries === 'string' ? entries.split(',') : entries)
    .map((entry) => entry.trim())
    .filter(Boolean);
  const problems = list.map(originProblem).filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new AllowedOriginsError(problems.map((p) => `--allowed-origins ${p}`));
  return [...new Set(list.map((entry) => normalizeOrigin(entry) as string))];
}
