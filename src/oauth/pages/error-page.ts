import type { Branding } from './branding.js';
import { escapeHtml, type RenderedPage } from './html.js';
import { renderPage } from './layout.js';

export interface ErrorPageOptions {
  title: string;
  message: string;
  branding: Branding;
}

/** An error the person must read (one that cannot be sent back to the client). */
export function errorPage(options: ErrorPageOptions): RenderedPage {
  const content = `<h1 id="page-title">${escapeHtml(options.title)}</h1>
<p role="alert">${escapeHtml(options.message)}</p>
<p class="muted">You can close this tab and start the sign-in again from your application.</p>`;
  return renderPage({ title: options.title, content, branding: options.branding });
}
