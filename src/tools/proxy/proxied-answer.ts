import type { ProxiedAnswer } from '../../k8s/index.js';

// How kubernetes_http_get shows what the target answered: the status, only the headers that say
// what the body is or where it points (never cookies, credentials or challenges), and the body as
// text when it is text, else a one-line summary.

/** Headers shown; every other one (Set-Cookie, WWW-Authenticate, tokens an app may set) is left out. */
const SHOWN_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-disposition',
  'location',
  'cache-control',
  'etag',
  'last-modified',
  'retry-after',
  'allow',
  'server',
];

const TEXT_TYPES =
  /^(text\/|application\/([\w.+-]*\+)?(json|xml|yaml|x-yaml|javascript|x-www-form-urlencoded))/i;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A redirect may carry a code or token in its query: only where it points is shown. */
function safeValue(name: string, value: string): string {
  if (name !== 'location' || !value.includes('?')) return value;
  return `${value.slice(0, value.indexOf('?'))}?<query not shown>`;
}

export function shownHeaders(headers: ProxiedAnswer['headers']): [string, string][] {
  return SHOWN_HEADERS.flatMap((name) => {
    const value = single(headers[name]);
    return value === undefined ? [] : [[name, safeValue(name, value)] as [string, string]];
  });
}

/** The body as UTF-8 text, or undefined for binary (or compressed) content. */
function bodyText(answer: ProxiedAnswer): string | undefined {
  const type = single(answer.headers['content-type']) ?? '';
  const encoding = single(answer.headers['content-encoding']) ?? 'identity';
  if (encoding !== 'identity' || (type !== '' && !TEXT_TYPES.test(type))) return undefined;
  try {
    // `stream` leaves out a character the cap cut in half, instead of failing on it.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(answer.body, { stream: answer.truncated });
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

function bodySection(answer: ProxiedAnswer, maxBytes: number): string {
  if (answer.body.length === 0) return '(empty body)';
  const text = bodyText(answer);
  const cut = answer.truncated ? ` (truncated at ${maxBytes} bytes)` : '';
  if (text === undefined) {
    const type = single(answer.headers['content-type']) ?? 'no content-type';
    return `(binary body not shown: ${answer.body.length} bytes${answer.truncated ? ' read' : ''}, ${type})`;
  }
  return answer.truncated ? `${text}\n...${cut}` : text;
}

/** The answer as the tool shows it; `target` says what was asked, e.g. `GET service team-a/web:80 /`. */
export function answerText(answer: ProxiedAnswer, target: string, maxBytes: number): string {
  // The bare code: node:http's reason phrases would load node:http, which stdio does without.
  const status = `HTTP ${answer.status}`;
  const headers = shownHeaders(answer.headers).map(([name, value]) => `${name}: ${value}`);
  return [`${status} from ${target}`, ...headers, '', bodySection(answer, maxBytes)].join('\n');
}
