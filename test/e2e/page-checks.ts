import type { Page } from 'playwright-core';
import { PHONE } from './chromium.js';

// The functions given to page.evaluate run inside the browser. The project compiles without the DOM
// library (it is a Node program), so the little of the DOM they use is declared here, for this file only.
interface DomNode {
  nodeType: number;
  textContent: string | null;
}
interface DomElement extends DomNode {
  childNodes: Iterable<DomNode>;
  parentElement: DomElement | null;
  outerHTML: string;
  tagName: string;
  lang: string;
  labels?: { length: number } | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<DomElement> & { length: number };
  querySelector(selector: string): DomElement | null;
  append(child: DomElement): void;
  blur(): void;
}
interface DomStyle {
  color: string;
  backgroundColor: string;
  fontSize: string;
  fontWeight: string;
  visibility: string;
  display: string;
  outlineStyle: string;
  outlineWidth: string;
}
declare const document: DomElement & {
  body: DomElement;
  documentElement: DomElement & { scrollWidth: number };
  activeElement: DomElement | null;
  title: string;
  createElement(tag: string): DomElement;
  addEventListener(type: string, listener: (event: { violatedDirective: string }) => void): void;
};
declare const window: { innerWidth: number };
declare function setTimeout(callback: () => void, ms: number): unknown;
declare const Node: { TEXT_NODE: number };
declare function getComputedStyle(element: DomElement): DomStyle;

// What every page a person sees must offer, checked in the real browser: names for controls, readable
// contrast, a visible keyboard focus on every control, a layout that fits a phone, and nothing fetched
// from elsewhere.

export interface ContrastProblem {
  text: string;
  ratio: number;
}

/** Text whose contrast with its background is below WCAG AA (4.5:1; 3:1 for large text). */
export function lowContrastText(page: Page): Promise<ContrastProblem[]> {
  return page.evaluate(() => {
    const channels = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = (color: string) => {
      const [r = 0, g = 0, b = 0] = channels(color).map((value) => {
        const c = value / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = (element: DomElement | null): string => {
      for (let at = element; at; at = at.parentElement) {
        const color = getComputedStyle(at).backgroundColor;
        const alpha = channels(color)[3];
        if (color !== 'transparent' && alpha !== 0) return color;
      }
      return 'rgb(255, 255, 255)';
    };
    const problems: { text: string; ratio: number }[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      const ownText = [...element.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent?.trim() ?? '')
        .join(' ')
        .trim();
      const style = getComputedStyle(element);
      if (!ownText || style.visibility === 'hidden' || style.display === 'none') continue;
      const [lighter, darker] = [luminance(style.color), luminance(background(element))].sort(
        (a, b) => b - a,
      );
      const ratio = ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) problems.push({ text: ownText.slice(0, 60), ratio });
    }
    return problems;
  });
}

/** Controls without an accessible name (text, aria-label or a label). */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
      .filter((element) => {
        const labelled = element.labels?.length ?? 0;
        return !(element.textContent?.trim() || element.getAttribute('aria-label') || labelled > 0);
      })
      .map((element) => element.outerHTML.slice(0, 80)),
  );
}

export interface FocusStop {
  name: string;
  outline: string;
}

/**
 * Walks the page with Tab from the top and records each control reached and its focus indicator:
 * every control must be reachable, and each must show where the focus is.
 */
export async function tabThrough(page: Page): Promise<FocusStop[]> {
  const controls = await page.locator('a[href], button, input:not([type="hidden"]):not([disabled])').count();
  await blurFocus(page);
  const stops: FocusStop[] = [];
  for (let step = 0; step < controls; step++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const active = document.activeElement as DomElement;
        const style = getComputedStyle(active);
        const outline =
          style.outlineStyle === 'none' ? 'none' : `${style.outlineWidth} ${style.outlineStyle}`;
        // A checkbox is named by its label.
        const labelled = (active as DomElement & { labels?: ArrayLike<DomElement> }).labels?.[0];
        const name = (labelled ?? active).textContent?.trim() || active.tagName;
        return { name, outline };
      }),
    );
  }
  return stops;
}

/** Whether the page fits a phone's width without sideways scrolling, with text at 16px or larger. */
export async function fitsPhone(page: Page): Promise<{ overflow: number; bodyFontPx: number }> {
  await page.setViewportSize(PHONE);
  return page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    bodyFontPx: Number.parseFloat(getComputedStyle(document.body).fontSize),
  }));
}

/** The page's basic frame: language, title, viewport for phones, a main landmark and one h1. */
export function pageFrame(page: Page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    title: document.title,
    viewport: document.querySelector('meta[name=viewport]')?.getAttribute('content') ?? '',
    main: document.querySelectorAll('main').length,
    h1: document.querySelectorAll('h1').length,
  }));
}

/** Every request the page's context makes, to prove that nothing comes from outside. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.context().on('request', (request) => urls.push(request.url()));
  return urls;
}

/** Takes the keyboard focus off every control, as if the page had just loaded. */
async function blurFocus(page: Page): Promise<void> {
  await page.evaluate(() => document.activeElement?.blur());
}

/** The name of the control that has the keyboard focus. */
export function focusedControlName(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
}

/**
 * Adds an inline script the page did not ship; resolves with the CSP directive that refused it, or
 * with `ran` when the script ran.
 */
export function injectedScriptRefusal(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective));
        const injected = document.createElement('script');
        injected.textContent = 'document.title = "injected"';
        document.body.append(injected);
        // A script element added to the DOM runs at once, so its effect or its refusal is known now.
        setTimeout(() => resolve(document.title === 'injected' ? 'ran' : 'neither'), 500);
      }),
  );
}
