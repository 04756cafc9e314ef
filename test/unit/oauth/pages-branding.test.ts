import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorPage, loadBrandingFile, parseBranding } from '../../../src/oauth/pages/index.js';

const parse = (value: unknown) => parseBranding(value, 'test.json');

describe('branding', () => {
  it('accepts the reference example', () => {
    const branding = {
      title: 'Connected to Kubernetes MCP',
      message: 'You have successfully authenticated with {{.AppName}}',
      buttonText: 'Open {{.AppName}}',
      primaryColor: '#4f46e5',
      backgroundGradient: 'linear-gradient(135deg, #667eea 0%, #764ba2 100%)',
    };
    expect(parse(branding)).toEqual(branding);
  });

  it.each(['#fff', '#4F46E5', 'rgb(0, 128, 255)'])('accepts the primary colour %s', (primaryColor) => {
    expect(parse({ primaryColor }).primaryColor).toBe(primaryColor);
  });

  it.each(['red', '#ffff', 'rgb(300,0,0)', '#fff;background:url(https://x)', 'var(--x)'])(
    'refuses the primary colour %s, naming the field',
    (primaryColor) => {
      expect(() => parse({ primaryColor })).toThrow(
        /invalid branding in test\.json: primaryColor must be #rgb/,
      );
    },
  );

  it.each([
    'radial-gradient(circle at center, rgba(0,0,0,0.5) 10%, white)',
    'linear-gradient(to bottom right, #000, #fff 50%, rgb(1, 2, 3) 100%)',
  ])('accepts the gradient %s', (backgroundGradient) => {
    expect(parse({ backgroundGradient }).backgroundGradient).toBe(backgroundGradient);
  });

  it.each([
    'url(https://evil.example/x.png)',
    'linear-gradient(#000, url(https://evil.example/x))',
    'linear-gradient(#000, #fff); color: red',
    'linear-gradient(#000, #fff)} body{display:none',
    'linear-gradient(#000)',
  ])('refuses the gradient %s', (backgroundGradient) => {
    expect(() => parse({ backgroundGradient })).toThrow(/backgroundGradient must be a linear-gradient/);
  });

  it('accepts only an https logo URL', () => {
    expect(parse({ logoUrl: 'https://cdn.example.com/l.png' }).logoUrl).toBe('https://cdn.example.com/l.png');
    expect(() => parse({ logoUrl: 'http://cdn.example.com/l.png' })).toThrow(
      /logoUrl must be an absolute https URL/,
    );
    expect(() => parse({ logoUrl: 'javascript:alert(1)' })).toThrow(/logoUrl/);
  });

  it.each([
    ['</style><script>alert(1)</script>', /"<"/],
    ['@import "https://evil.example/x.css";', /@import/],
    ['body{background:url(http://evil.example/x)}', /url\(\) only with absolute https URLs/],
    ['body{background:url(data:image/png;base64,AAAA)}', /url\(\) only with absolute https URLs/],
    ['body{width:expression(alert(1))}', /expression\(\)/],
    ['a{background:javascript:alert(1)}', /javascript:/],
    ['body{background:\\75 rl(http://evil.example)}', /backslash/],
    ['body{background:image-set("http://evil.example/x.png" 1x)}', /image-set/],
    ['a{color:red}'.repeat(1000), /larger than 10240 bytes/],
  ])('refuses the custom CSS %#', (customCss, reason) => {
    expect(() => parse({ customCss })).toThrow(
      /customCss must not contain|customCss may use|customCss is larger/,
    );
    expect(() => parse({ customCss })).toThrow(reason);
  });

  it('keeps harmless custom CSS and allows the https origins it loads from', () => {
    const customCss = 'h1{letter-spacing:.02em;background:url("https://cdn.example.com/bg.png")}';
    const branding = parse({ customCss });
    const { html, contentSecurityPolicy } = errorPage({ title: 't', message: 'm', branding });
    expect(html).toContain(customCss);
    expect(contentSecurityPolicy).toContain('img-src https://cdn.example.com;');
  });

  it('refuses unknown fields and wrong types, naming each', () => {
    expect(() => parse({ titel: 'x', message: 3 })).toThrow(/unknown field\(s\) titel/);
    expect(() => parse({ message: 3 })).toThrow(/message /);
  });

  it('picks a button text colour that keeps 4.5:1 contrast on a light primary colour', () => {
    const { html } = errorPage({ title: 't', message: 'm', branding: { primaryColor: '#fde047' } });
    expect(html).toContain('--on-primary:#000000');
  });

  it('reports a branding file that is not JSON with its path', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'branding-'));
    const path = join(directory, 'branding.json');
    await writeFile(path, '{ "title": ');
    await expect(loadBrandingFile(path)).rejects.toThrow(`--oauth-branding-file ${path} is not valid JSON`);
    await writeFile(path, JSON.stringify({ primaryColor: 'blue' }));
    await expect(loadBrandingFile(path)).rejects.toThrow(/--oauth-branding-file .* primaryColor must be/);
  });
});
