import { escapeHtml } from '../oauth/pages/html.js';
import type { DevUser } from './dev-users.js';

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f4f4f5;color:#18181b}
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.75rem}
h1{font-size:1.4rem}ul{list-style:none;padding:0}li{margin:.5rem 0}
button{width:100%;padding:.75rem;font-size:1rem;border:0;border-radius:.5rem;background:#1d4ed8;color:#fff;
cursor:pointer}button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.deny{background:#3f3f46}.meta{color:#3f3f46;font-size:.9rem}`;

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
<button type="submit">Sign in as ${escapeHtml(user.name)}</button></form>
<p class="meta">${escapeHtml(user.email)}</p></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Development identity provider: sign in</title><style>${STYLE}</style></head>
<body><main>
<h1>Development identity provider</h1>
<p>Choose a test user to sign in to <strong>${escapeHtml(options.clientId)}</strong>.
This provider is for local development only.</p>
<ul>
${userButtons}
</ul>
<form method="post" action="${action}/abort"><button type="submit" class="deny">Cancel sign-in</button></form>
</main></body></html>`;
}
