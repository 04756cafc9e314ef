import type { Branding } from './branding.js';
import { parseColor, readableTextColor } from './css-values.js';
import { customCssOrigins } from './custom-css.js';
import { cspHash, escapeHtml, type RenderedPage } from './html.js';

const DEFAULT_PRIMARY = '#1d4ed8';
const DEFAULT_BACKGROUND = 'linear-gradient(135deg, #eef2ff 0%, #e0e7ff 100%)';

// Text colours are chosen for a contrast of at least 4.5:1 on the white card whatever the branding.
const BASE_CSS = `*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;padding:1rem;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;background:var(--background)}
main{width:100%;max-width:34rem;background:#fff;border-radius:1rem;padding:2rem 1.5rem;
box-shadow:0 10px 30px rgba(0,0,0,.15)}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}
p{margin:0 0 1rem}.muted{color:#4b5563}
.logo{display:block;max-width:10rem;max-height:4rem;margin:0 0 1rem}
code{display:block;padding:.5rem .75rem;background:#f3f4f6;border-radius:.5rem;word-break:break-all;
font:.9rem/1.4 ui-monospace,Menlo,Consolas,monospace;margin:0 0 1rem}
ul{padding-left:1.25rem}
li{margin:.25rem 0;word-break:break-all}li code{display:inline;padding:.1rem .3rem;margin:0}
.scopes{border:0;padding:0;margin:0 0 1rem}.scopes legend{padding:0;margin:0 0 .25rem}
.scopes ul{list-style:none;padding-left:0}.scopes input{width:1.1rem;height:1.1rem;margin:0 .4rem 0 0}
.warning{border:2px solid #b45309;background:#fffbeb;color:#78350f;border-radius:.5rem;padding:.75rem 1rem;
margin:0 0 1rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
.button{display:inline-flex;align-items:center;justify-content:center;min-height:2.75rem;
padding:.6rem 1.25rem;
border-radius:.5rem;font:inherit;font-weight:600;text-decoration:none;cursor:pointer;flex:1 1 10rem;
border:2px solid var(--primary);background:var(--primary);color:var(--on-primary)}
.button.secondary{background:#fff;color:#1f2937;border-color:#6b7280}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #111827;outline-offset:3px}
@media (prefers-reduced-motion:reduce){*{transition:none!important}}`;

export interface PageFrame {
  title: string;
  /** HTML of the page's content, already escaped. */
  content: string;
  branding: Branding;
  /** Inline script, allowed by its hash. */
  script?: string;
  /** CSP sources the page's forms may submit to (and their answers redirect to); none: 'none'. */
  formActionSources?: string[];
}

/** The common frame of every page: landmarks, theme, logo, and a Content-Security-Policy to match. */
export function renderPage(frame: PageFrame): RenderedPage {
  const { branding } = frame;
  const style = `${BASE_CSS}\n${themeCss(branding)}${branding.customCss ? `\n${branding.customCss}` : ''}`;
  const logo = branding.logoUrl ? `<img class="logo" src="${escapeHtml(branding.logoUrl)}" alt="">\n` : '';
  const script = frame.script ? `<script>${frame.script}</script>\n` : '';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(frame.title)}</title>
<style>${style}</style>
</head>
<body>
<main aria-labelledby="page-title">
${logo}${frame.content}
</main>
${script}</body>
</html>
`;
  return { html, contentSecurityPolicy: contentSecurityPolicy(frame, style) };
}

function themeCss(branding: Branding): string {
  const primary = branding.primaryColor ?? DEFAULT_PRIMARY;
  const onPrimary = readableTextColor(parseColor(primary) ?? [29, 78, 216]);
  const background = branding.backgroundGradient ?? DEFAULT_BACKGROUND;
  return `:root{--primary:${primary};--on-primary:${onPrimary};--background:${background}}`;
}

function contentSecurityPolicy(frame: PageFrame, style: string): string {
  const { branding } = frame;
  const cssOrigins = branding.customCss ? customCssOrigins(branding.customCss) : [];
  const imageOrigins = [
    ...new Set([...(branding.logoUrl ? [new URL(branding.logoUrl).origin] : []), ...cssOrigins]),
  ];
  const directives = [
    "default-src 'none'",
    `style-src ${cspHash(style)}`,
    ...(frame.script ? [`script-src ${cspHash(frame.script)}`] : []),
    ...(imageOrigins.length ? [`img-src ${imageOrigins.join(' ')}`] : []),
    ...(cssOrigins.length ? [`font-src ${cssOrigins.join(' ')}`] : []),
    `form-action ${frame.formActionSources?.length ? frame.formActionSources.join(' ') : "'none'"}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}
