export const MAX_CUSTOM_CSS_BYTES = 10 * 1024;

// Custom CSS is refused, never silently edited: an operator must see why their style sheet failed.
const FORBIDDEN: [RegExp, string][] = [
  [/</, '"<" (it could close the style element)'],
  [/\\/, 'backslash escapes (they can spell forbidden words in disguise)'],
  [/@import/i, '@import'],
  [/expression\s*\(/i, 'expression()'],
  [/javascript:/i, 'javascript:'],
  [/behavior\s*:|-moz-binding/i, 'behavior / -moz-binding'],
  [/image-set\s*\(|(?<![\w-])src\s*\(/i, 'image-set() and src() (they load URLs outside url())'],
];

const URL_FUNCTION = /url\(/gi;
const HTTPS_URL_FUNCTION = /url\(\s*(["']?)(https:\/\/[^"'()\s]+)\1\s*\)/gi;

/** Why the custom CSS is refused, or undefined when it is acceptable. */
export function customCssProblem(css: string): string | undefined {
  if (Buffer.byteLength(css, 'utf8') > MAX_CUSTOM_CSS_BYTES) {
    return `is larger than ${MAX_CUSTOM_CSS_BYTES} bytes`;
  }
  for (const [pattern, what] of FORBIDDEN) {
    if (pattern.test(css)) return `must not contain ${what}`;
  }
  const urlFunctions = css.match(URL_FUNCTION)?.length ?? 0;
  const httpsUrls = customCssUrls(css);
  if (urlFunctions !== httpsUrls.length || httpsUrls.some((url) => !URL.canParse(url))) {
    return 'may use url() only with absolute https URLs';
  }
  return undefined;
}

/** The origins custom CSS loads from, for the page's Content-Security-Policy. */
export function customCssOrigins(css: string): string[] {
  return [...new Set(customCssUrls(css).map((url) => new URL(url).origin))];
}

function customCssUrls(css: string): string[] {
  return [...css.matchAll(HTTPS_URL_FUNCTION)].map((match) => match[2] ?? '');
}
