import { createHmac } from 'node:crypto';
import type { Request, Response } from 'express';
import { secretKey } from '../storage/index.js';
import { secretsEqual } from './constant-time.js';
import { newOpaqueToken, type RandomBytes } from './random-tokens.js';

export interface BrowserBindingOptions {
  /** HMAC key signing the cookie and the consent form's CSRF tokens. */
  readonly signingKey: Buffer;
  /** https base URL: the cookie gets the `__Host-` prefix and Secure (browsers drop it otherwise). */
  readonly secure: boolean;
  /** How long a browser keeps its id, and with it its remembered approvals. */
  readonly lifetimeMs: number;
  readonly randomBytes?: RandomBytes;
}

/**
 * A random id per browser in a signed, HttpOnly, SameSite=Lax cookie. It binds to the browser the
 * consent form (CSRF token = HMAC of the id and the client), the remembered approvals, and the upstream
 * login state (its record holds the id's hash): a state that arrives from another browser is refused.
 */
export class BrowserBinding {
  readonly cookieName: string;

  constructor(private readonly options: BrowserBindingOptions) {
    this.cookieName = options.secure ? '__Host-mcp-browser' : 'mcp-browser';
  }

  /** The browser's id from a correctly signed cookie, or undefined. */
  read(req: Request): string | undefined {
    const cookie = cookieValue(req.headers.cookie, this.cookieName);
    const [id, signature] = cookie?.split('.') ?? [];
    if (!id || !signature || !secretsEqual(signature, this.sign(`browser:${id}`))) return undefined;
    return id;
  }

  /** The browser's id, giving the browser a new one (in a cookie on `res`) when it has none. */
  ensure(req: Request, res: Response): string {
    const existing = this.read(req);
    if (existing) return existing;
    const id = newOpaqueToken(this.options.randomBytes);
    res.cookie(this.cookieName, `${id}.${this.sign(`browser:${id}`)}`, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.options.secure,
      path: '/',
      maxAge: this.options.lifetimeMs,
    });
    return id;
  }

  /** The consent form's CSRF token for this browser and client. */
  csrfToken(browserId: string, clientId: string): string {
    return this.sign(`consent:${browserId}:${clientId}`);
  }

  csrfTokenMatches(browserId: string, clientId: string, token: string | undefined): boolean {
    return token !== undefined && secretsEqual(token, this.csrfToken(browserId, clientId));
  }

  /** What a login state stores to recognise this browser at the callback. */
  bindingHash(browserId: string): string {
    return secretKey(`browser:${browserId}`);
  }

  private sign(text: string): string {
    return createHmac('sha256', this.options.signingKey).update(text, 'utf8').digest('base64url');
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}
