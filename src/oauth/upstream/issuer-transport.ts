import { readFileSync } from 'node:fs';
import type { CustomFetch } from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import { isLoopbackHost } from '../../net/index.js';

/** OAuth 2.1 needs TLS; plain http is accepted for a provider on this machine only (tests, `dev`). */
export function parseIssuerUrl(issuer: string, settingName: string): URL {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`${settingName} is not a URL: ${issuer}`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new Error(`${settingName} must be an https URL (http is accepted only on loopback): ${issuer}`);
}

/** A fetch that trusts the private certificate authority in `caFile` (and only it). */
export function fetchTrustingCa(caFile: string): CustomFetch {
  let ca: string;
  try {
    ca = readFileSync(caFile, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the OIDC CA file ${caFile}: ${(error as Error).message}`);
  }
  const dispatcher = new Agent({ connect: { ca } });
  return (url, options) => undiciFetch(url, { ...options, dispatcher }) as unknown as Promise<Response>;
}
