/**
 * A minimal browser for tests: keeps cookies per host, follows redirects by hand, and submits HTML
 * forms, so an OAuth login can be driven with plain HTTP requests.
 */
export class FormBrowser {
  private readonly cookies = new Map<string, Map<string, string>>();

  /** Follows redirects from `url` and stops at the first location for which `isDone` is true. */
  async navigate(url: string, isDone: (location: URL) => boolean, init: RequestInit = {}): Promise<Landing> {
    let current = new URL(url);
    let request = init;
    for (let hop = 0; hop < 20; hop++) {
      if (isDone(current)) return { url: current, status: 0, body: '' };
      const response = await fetch(current, {
        ...request,
        redirect: 'manual',
        headers: { ...(request.headers as Record<string, string>), cookie: this.cookieHeader(current) },
      });
      this.remember(current, response);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { url: current, status: response.status, body: await response.text() };
      }
      await response.body?.cancel();
      current = new URL(location, current);
      request = {};
    }
    throw new Error('too many redirects');
  }

  /** Submits the form that contains `buttonText`, with its hidden inputs and the button's own value. */
  async submitForm(page: Landing, buttonText: string, isDone: (location: URL) => boolean): Promise<Landing> {
    const form = findForm(page.body, buttonText);
    const action = new URL(form.action, page.url);
    return this.navigate(action.href, isDone, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form.fields).toString(),
    });
  }

  private cookieHeader(url: URL): string {
    const jar = this.cookies.get(url.host) ?? new Map<string, string>();
    return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(url: URL, response: Response): void {
    const jar = this.cookies.get(url.host) ?? new Map<string, string>();
    this.cookies.set(url.host, jar);
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = setCookie.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', attributeValue = ''] = attribute.trim().split('=');
        if (key.toLowerCase() === 'max-age') return Number(attributeValue) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(attributeValue) <= Date.now();
        return false;
      });
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }
}

export interface Landing {
  url: URL;
  /** 0 when the navigation stopped at a location without requesting it. */
  status: number;
  body: string;
}

interface ParsedForm {
  action: string;
  fields: [string, string][];
}

function findForm(html: string, buttonText: string): ParsedForm {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, formAttributes = '', inner = ''] = match;
    const button = [...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].find(([, , text]) =>
      text?.includes(buttonText),
    );
    if (!button) continue;
    const fields: [string, string][] = [...inner.matchAll(/<input\b([^>]*)>/gi)]
      .map(([, attributes = '']) => [attribute(attributes, 'name'), attribute(attributes, 'value')] as const)
      .filter((field): field is [string, string] => field[0] !== undefined)
      .map(([name, value]) => [name, value ?? '']);
    const buttonName = attribute(button[1] ?? '', 'name');
    if (buttonName) fields.push([buttonName, attribute(button[1] ?? '', 'value') ?? '']);
    return { action: decodeEntities(attribute(formAttributes, 'action') ?? ''), fields };
  }
  throw new Error(`no form with a button "${buttonText}"`);
}

function attribute(attributes: string, name: string): string | undefined {
  const value = new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(attributes)?.[1];
  return value === undefined ? undefined : decodeEntities(value);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
