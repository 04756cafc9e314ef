import { describe, expect, it } from 'vitest';
import type { ProxiedAnswer } from '../../../../src/k8s/cluster-client.js';
import { answerText, shownHeaders } from '../../../../src/tools/proxy/proxied-answer.js';
import { proxiedPath, proxyId } from '../../../../src/tools/proxy/proxy-path.js';

function answer(body: Buffer | string, headers: ProxiedAnswer['headers'], truncated = false): ProxiedAnswer {
  return { status: 200, headers, body: Buffer.from(body), truncated };
}

describe('the headers kubernetes_http_get shows', () => {
  it('keeps what describes the body and drops cookies, credentials, challenges and unknown headers', () => {
    const shown = shownHeaders({
      'content-type': 'application/json',
      'content-length': '12',
      'set-cookie': ['a=1', 'b=2'],
      authorization: 'Bearer x',
      'www-authenticate': 'Basic realm="r"',
      'proxy-authenticate': 'Basic',
      'x-auth-token': 'secret',
      'x-csrf-token': 'secret',
      server: 'nginx',
    });
    expect(shown).toEqual([
      ['content-type', 'application/json'],
      ['content-length', '12'],
      ['server', 'nginx'],
    ]);
  });

  it('shows where a redirect points, not its query (which may carry a code or token)', () => {
    expect(shownHeaders({ location: 'https://idp.example/cb?code=abc&state=x' })).toEqual([
      ['location', 'https://idp.example/cb?<query not shown>'],
    ]);
    expect(shownHeaders({ location: '/next' })).toEqual([['location', '/next']]);
  });
});

describe('the body kubernetes_http_get shows', () => {
  it('shows text, says where it was cut, and leaves out a character the cut split', () => {
    const cut = answer(Buffer.from('héllo').subarray(0, 2), { 'content-type': 'text/plain' }, true);
    expect(answerText(cut, 'GET pod a/b /', 2)).toBe(
      'HTTP 200 from GET pod a/b /\ncontent-type: text/plain\n\nh\n... (truncated at 2 bytes)',
    );
  });

  it('summarizes binary, compressed and NUL-holding bodies instead of dumping them', () => {
    const png = answer(Buffer.from([0x89, 0x50, 0x4e, 0x47]), { 'content-type': 'image/png' });
    expect(answerText(png, 'GET pod a/b /logo', 1024)).toMatch(
      /\n\(binary body not shown: 4 bytes, image\/png\)$/,
    );
    const gzip = answer('abc', { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    expect(answerText(gzip, 'x', 1024)).toContain('(binary body not shown: 3 bytes, text/plain)');
    expect(answerText(answer('a\u0000b', {}), 'x', 1024)).toContain('binary body not shown');
    expect(answerText(answer(Buffer.from([0xff, 0xfe]), {}), 'x', 1024)).toContain('binary body not shown');
    expect(answerText(answer('{"ok":true}', {}), 'x', 1024)).toMatch(/\n\{"ok":true\}$/);
    expect(answerText(answer('', {}), 'x', 1024)).toMatch(/\(empty body\)$/);
  });
});

describe('the proxied path', () => {
  it('accepts paths on the target, adding the leading slash', () => {
    expect(proxiedPath('healthz')).toBe('/healthz');
    expect(proxiedPath('/api/v1/items;x=1/%20a@b:c')).toBe('/api/v1/items;x=1/%20a@b:c');
    expect(proxiedPath('/')).toBe('/');
    expect(proxiedPath('metrics?name=a&x=%0D%0A&y=/../z?')).toBe('/metrics?name=a&x=%0D%0A&y=/../z?');
    expect(proxiedPath('/caf%e9/%2E%2E.txt')).toBe('/caf%e9/%2E%2E.txt');
    expect(proxyId('web', 80, undefined)).toBe('web:80');
    expect(proxyId('web', 'http', 'https')).toBe('https:web:http');
    expect(proxyId('web', undefined, undefined)).toBe('web');
  });

  it.each([
    '/../x',
    '/a/..',
    '/a/./b',
    '/a/%2E%2e/b',
    '/a%2fb',
    '/a%5cb',
    '/a%0d%0aHost:%20x',
    '/a\nb',
    '/a b',
    '/a%zz',
    'https://example.com/',
    '//example.com/x',
    '/a/../b?c=1',
    '/a?b=1\r\n',
    '/a#top',
  ])('refuses %j', (path) => {
    expect(() => proxiedPath(path)).toThrow(/^path /);
  });
});
