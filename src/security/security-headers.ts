import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { arrivedOverHttps } from './https-policy.js';
import { pathMatcher } from './request-paths.js';
import type { TrustedProxies } from './trusted-proxies.js';

export interface SecurityHeadersOptions {
  readonly trustedProxies: TrustedProxies;
  /** `ENABLE_HSTS=true`: send HSTS on every answer, for TLS terminated where we cannot see it. */
  readonly enableHsts: boolean;
  /** The OAuth endpoints: their answers hold tokens or say why none was given, never to be cached. */
  readonly noStorePaths: readonly string[];
}

/** An API answers JSON: it loads nothing and is framed by no one. Our HTML pages set a tighter one. */
export const DEFAULT_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Powerful browser features, all off: no answer of ours needs any of them. */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'fullscreen',
  'geolocation',
  'gyroscope',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

const helmetHeaders = helmet({
  contentSecurityPolicy: false,
  strictTransportSecurity: false,
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  xFrameOptions: { action: 'deny' },
  xContentTypeOptions: true,
  referrerPolicy: { policy: 'no-referrer' },
});

const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 86_400, includeSubDomains: true });

/**
 * The headers every answer carries, redirects and refusals included, so mount it first. They are set
 * before the handler runs: a page that sends its own Content-Security-Policy replaces the default one.
 */
export function securityHeaders(options: SecurityHeadersOptions): RequestHandler {
  const isOAuth = pathMatcher(options.noStorePaths);
  return (req, res, next) => {
    if (!res.hasHeader('Content-Security-Policy')) {
      res.setHeader('Content-Security-Policy', DEFAULT_CONTENT_SECURITY_POLICY);
    }
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    if (isOAuth(req)) res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    helmetHeaders(req, res, () => {
      // Browsers ignore HSTS received over plain HTTP; behind a TLS proxy, ENABLE_HSTS sends it anyway.
      if (options.enableHsts || arrivedOverHttps(req, options.trustedProxies)) hsts(req, res, next);
      else next();
    });
  };
}
