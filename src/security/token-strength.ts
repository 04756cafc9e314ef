export const MIN_SECRET_LENGTH = 32;
/** A random secret of 32 characters has far more distinct characters than this. */
const MIN_DISTINCT_CHARACTERS = 10;
/** What is left of a token once its words are taken out must still be a secret on its own. */
const MIN_RANDOM_REMAINDER = 16;
const GENERATE = 'openssl rand -hex 32';

/**
 * Words people build "secret" tokens from, as the reference documentation's own examples do
 * (`dev-registration-token-123`). Not a dictionary: a net for the obvious, next to the length and
 * variety rules that any `openssl rand -hex 32` passes.
 */
const COMMON_WORDS = [
  'password',
  'passwd',
  'secret',
  'token',
  'registration',
  'register',
  'changeme',
  'change',
  'default',
  'example',
  'admin',
  'letmein',
  'welcome',
  'qwerty',
  'test',
  'testing',
  'demo',
  'development',
  'production',
  'staging',
  'kubernetes',
  'mcp',
  'oauth',
  'client',
  'access',
  'secure',
  'super',
  'my',
  'dev',
  'prod',
  'key',
];

// Longest first, so that `registration` is taken out whole before `register` could match its start.
const WORDS = new RegExp([...COMMON_WORDS].sort((a, b) => b.length - a.length).join('|'), 'g');

/** Why a shared secret such as the registration token is weak, or undefined when it looks random. */
export function secretWeakness(secret: string): string | undefined {
  if (secret.length < MIN_SECRET_LENGTH) {
    return `it has ${secret.length} characters; use at least ${MIN_SECRET_LENGTH} random ones (${GENERATE})`;
  }
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS) {
    return `it repeats a few characters; use a random one (${GENERATE})`;
  }
  const remainder = secret
    .toLowerCase()
    .replace(WORDS, '')
    .replace(/[^a-z0-9]/g, '');
  if (remainder.length < MIN_RANDOM_REMAINDER || /^\d+$/.test(remainder)) {
    return `it is made of common words; use a random one (${GENERATE})`;
  }
  return undefined;
}
