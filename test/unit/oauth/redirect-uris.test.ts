import { describe, expect, it } from 'vitest';
import { InvalidRedirectUri } from '../../../src/oauth/errors.js';
import {
  isLoopbackRedirectUri,
  redirectUriMatches,
  validateRedirectUri,
  validateRedirectUris,
} from '../../../src/oauth/redirect-uris.js';

const refused = (uri: unknown, message: RegExp) => {
  expect(() => validateRedirectUri(uri)).toThrow(InvalidRedirectUri);
  expect(() => validateRedirectUri(uri)).toThrow(message);
};

describe('validateRedirectUris', () => {
  it('requires at least one redirect URI', () => {
    expect(() => validateRedirectUris([])).toThrow(InvalidRedirectUri);
    expect(() => validateRedirectUris(undefined)).toThrow('redirect_uris must be a non-empty array');
    expect(() => validateRedirectUris('https://app.example.com/cb')).toThrow(InvalidRedirectUri);
  });

  it('refuses the whole list when one URI is bad', () => {
    expect(() => validateRedirectUris(['https://app.example.com/cb', 'javascript:alert(1)'])).toThrow(
      /forbidden scheme/,
    );
  });

  it('returns the URIs unchanged when all are valid', () => {
    const uris = ['https://app.example.com/cb', 'cursor://anysphere.cursor-retrieval/oauth/callback'];
    expect(validateRedirectUris(uris)).toEqual(uris);
  });
});

describe('validateRedirectUri', () => {
  it.each([
    'https://app.example.com/callback',
    'https://app.example.com:8443/cb?tenant=a',
    'http://localhost/callback',
    'http://localhost:33418/callback',
    'http://127.0.0.1:3000/callback',
    'http://127.9.9.9/cb',
    'http://[::1]:8080/cb',
    'https://127.0.0.1/cb',
    'cursor://anysphere.cursor-retrieval/oauth/callback',
    'vscode://vscode.github-authentication/did-authenticate',
    'com.example.app:/oauth2redirect',
    'https://93.184.216.34/cb',
  ])('accepts %s', (uri) => {
    expect(validateRedirectUri(uri)).toBe(uri);
  });

  it.each(['https://app.example.com/cb#fragment', 'https://app.example.com/cb#', 'cursor://callback#x'])(
    'refuses a fragment: %s',
    (uri) => refused(uri, /must not contain a fragment/),
  );

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'vbscript:msgbox(1)',
    'about:blank',
    'ftp://files.example.com/cb',
    'blob:https://app.example.com/uuid',
  ])('refuses the blocked scheme of %s', (uri) => refused(uri, /forbidden scheme/));

  it.each([
    'java%73cript:alert(1)',
    '%6aavascript:alert(1)',
    'JavaScript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'Data:text/html,x',
  ])('refuses a blocked scheme in disguise: %s', (uri) => refused(uri, /forbidden scheme/));

  it('refuses a doubly encoded scheme as an invalid scheme', () => {
    refused('java%2573cript:alert(1)', /scheme matching/);
  });

  it.each([
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    ' javascript:alert(1)',
    'javascript :alert(1)',
    'https://app.example.com/cb\u0000',
    'https://app.example.com/\u0085cb',
    'https://app.example.com/c b',
    '\u00a0https://app.example.com/cb',
  ])('refuses whitespace and control characters: %j', (uri) => refused(uri, /whitespace or control/));

  it.each(['Cursor://cb', '1app://cb', 'my_app://cb', 'app%3a://cb'])(
    'refuses a custom scheme outside ^[a-z][a-z0-9+.-]*$: %s',
    (uri) => refused(uri, /scheme matching/),
  );

  it.each(['/relative/callback', 'app.example.com/cb', ':nothing', ''])(
    'refuses what is not an absolute URI: %j',
    (uri) => expect(() => validateRedirectUri(uri)).toThrow(InvalidRedirectUri),
  );

  it('refuses values that are not strings', () => {
    refused(42, /non-empty strings/);
  });

  it('refuses very long URIs', () => {
    refused(`https://app.example.com/${'a'.repeat(2100)}`, /at most 2048/);
  });

  it.each([
    'http://app.example.com/cb',
    'http://10.0.0.1/cb',
    'http://93.184.216.34/cb',
    'http://localhost.evil.com/cb',
  ])('refuses http off loopback: %s', (uri) => refused(uri, /must use https/));

  it.each([
    'https://10.0.0.1/cb',
    'https://172.16.5.4/cb',
    'https://192.168.1.1/cb',
    'https://169.254.169.254/latest/meta-data',
    'https://0.0.0.0/cb',
    'https://100.64.0.1/cb',
    'https://[fe80::1]/cb',
    'https://[fd00::1]/cb',
    'https://[::]/cb',
    'https://[::ffff:10.0.0.1]/cb',
    'https://[::ffff:169.254.169.254]/cb',
    'https://224.0.0.1/cb',
    'https://255.255.255.255/cb',
  ])('refuses a private, link-local or unspecified address: %s', (uri) =>
    refused(uri, /private, link-local or unspecified/),
  );

  it.each([
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://017700000001/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://127.000.000.001/',
    'http://127.0.0.1./cb',
    'https://0xa.0.0.1/cb',
    'https://167772161/cb',
    'https://012.0.0.1/cb',
    'https://10.1/cb',
  ])('refuses an IPv4 address not written in dotted-decimal form: %s', (uri) =>
    refused(uri, /dotted-decimal/),
  );

  it('refuses http on an IPv4-mapped private address', () => {
    refused('http://[::ffff:10.0.0.1]/', /must use https/);
  });

  it.each(['https://user:pass@app.example.com/cb', 'https://app.example.com@evil.example/cb'])(
    'refuses credentials in the authority: %s',
    (uri) => refused(uri, /credentials/),
  );

  it('refuses a web scheme without an authority', () => {
    refused('https:app.example.com/cb', /must have a host/);
  });
});

describe('redirectUriMatches', () => {
  const registered = [
    'https://app.example.com/cb',
    'http://127.0.0.1:3000/callback',
    'http://localhost/cb',
    'http://[::1]/cb',
    'cursor://oauth/callback',
  ];

  it('matches a registered URI exactly', () => {
    expect(redirectUriMatches(registered, 'https://app.example.com/cb')).toBe(true);
    expect(redirectUriMatches(registered, 'cursor://oauth/callback')).toBe(true);
  });

  it.each([
    'https://app.example.com/cb/',
    'https://app.example.com/cb?x=1',
    'https://app.example.com/CB',
    'https://app.example.com:443/cb',
    'https://app.example.com:8443/cb',
    'cursor://oauth/callback/',
    'cursor://oauth/callback?x',
    'https://evil.example/cb',
  ])('refuses anything but an exact match off loopback: %s', (uri) => {
    expect(redirectUriMatches(registered, uri)).toBe(false);
  });

  it.each([
    'http://127.0.0.1:51234/callback',
    'http://127.0.0.1/callback',
    'http://localhost:8080/cb',
    'http://[::1]:9/cb',
  ])('accepts any port on a registered loopback URI (RFC 8252): %s', (uri) => {
    expect(redirectUriMatches(registered, uri)).toBe(true);
  });

  it.each([
    'http://127.0.0.1:51234/other',
    'http://127.0.0.1:51234/callback?x=1',
    'http://127.0.0.2:3000/callback',
    'http://localhost:3000/callback',
    'https://127.0.0.1:3000/callback',
    'http://127.0.0.1:3000/callback#x',
    'http://0x7f.1:3000/callback',
  ])('still requires the same scheme, host, path and query on loopback: %s', (uri) => {
    expect(redirectUriMatches(registered, uri)).toBe(false);
  });
});

describe('isLoopbackRedirectUri', () => {
  it('tells loopback redirects from others', () => {
    expect(isLoopbackRedirectUri('http://127.0.0.1:3000/cb')).toBe(true);
    expect(isLoopbackRedirectUri('http://localhost/cb')).toBe(true);
    expect(isLoopbackRedirectUri('https://app.example.com/cb')).toBe(false);
    expect(isLoopbackRedirectUri('cursor://oauth/callback')).toBe(false);
  });
});
