import { createHash } from 'node:crypto';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** The CSP source expression (`'sha256-...'`) that allows exactly this inline script or style. */
export function cspHash(inlineContent: string): string {
  return `'sha256-${createHash('sha256').update(inlineContent, 'utf8').digest('base64')}'`;
}

/** A page and the Content-Security-Policy header value that must be sent with it. */
export interface RenderedPage {
  html: string;
  contentSecurityPolicy: string;
}
