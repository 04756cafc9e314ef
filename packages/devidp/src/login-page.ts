import type { DevUser } from './dev-users.js';
import { escapeHtml } from './html.js';

// Readable on a phone and a desktop: the card has room at the screen's edge, buttons use the page's font,
// every text has a contrast of at least 4.5:1, and the keyboard focus is a dark ring (3:1 or more against
// both the white card and the blue buttons).
const STYLE = `
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1rem;
background:#f4f4f5;color:#18181b}
main{max-width:28rem;margin:1rem auto;padding:1.5rem;background:#fff;border-radius:.75rem;
box-shadow:0 4px 16px rgba(0,0,0,.08)}
h1{font-size:1.4rem;line-height:1.25;margin:0 0 1rem}p{margin:0 0 1rem}
ul{list-style:none;padding:0;margin:0 0 1rem}li{margin:.75rem 0}
button{display:block;width:100%;min-height:2.75rem;padding:.6rem 1rem;font:inherit;font-weight:600;
text-align:center;border:0;border-radius:.5rem;background:#1d4ed8;color:#fff;cursor:pointer}
button .email{display:block;font-weight:400;font-size:.9rem}
button:focus-visible{outline:3px solid #111827;outline-offset:3px}
.deny{background:#fff;color:#18181b;border:2px solid #52525b}`;

/**
 * The sign-in page of the development identity provider: one real form per user, so tests can sign in
 * with plain HTTP requests and browsers with a click.
 */
export function devLoginPage(options: { uid: string; clientId: string; users: readonly DevUser[] }): string {
  const action = `/interaction/${encodeURIComponent(options.uid)}`;
  const userButtons = options.users
    .map(
      (user) => `<li><form method="post" action="${action}/login">
<input type="hidden" name="email" value="${escapeHtml(user.email)}">
<button type="submit">Sign in as ${escapeHtml(user.name)}
<span class="email">${escapeHtml(user.email)}</span></button></form></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Development identity provider: sign in</title><style>${STYLE}</style></head>
<body><main aria-labelledby="page-title">
<h1 id="page-title">Development identity provider</h1>
<p>Choose a test user to sign in to <strong>${escapeHtml(options.clientId)}</strong>.
No password: this provider is for local development only.</p>
<ul>
${userButtons}
</ul>
<form method="post" action="${action}/abort"><button type="submit" class="deny">Cancel sign-in</button></form>
</main></body></html>`;
}
