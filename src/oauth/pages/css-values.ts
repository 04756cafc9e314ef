// Small grammars for the CSS values a branding file may set. Values are accepted only when they match
// in full, so nothing but a colour or a gradient can reach the style sheet.

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const RGB_COLOR = /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/i;

/** `#rgb`, `#rrggbb` or `rgb(r, g, b)`. */
export function isPrimaryColor(value: string): boolean {
  return parseColor(value) !== undefined;
}

/** The colour as [r, g, b] in 0-255, or undefined when it is not a primary colour value. */
export function parseColor(value: string): [number, number, number] | undefined {
  if (HEX_COLOR.test(value)) {
    const digits =
      value.length === 4
        ? [...value.slice(1)].map((digit) => digit + digit)
        : [1, 3, 5].map((at) => value.slice(at, at + 2));
    return digits.map((pair) => Number.parseInt(pair, 16)) as [number, number, number];
  }
  const rgb = RGB_COLOR.exec(value);
  if (!rgb) return undefined;
  const channels = rgb.slice(1, 4).map(Number) as [number, number, number];
  return channels.every((channel) => channel <= 255) ? channels : undefined;
}

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
export function readableTextColor(background: [number, number, number]): '#000000' | '#ffffff' {
  const luminance = relativeLuminance(background);
  // Contrast with white is 1.05 / (L + 0.05); with black (L + 0.05) / 0.05: pick the larger.
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

function relativeLuminance([red, green, blue]: [number, number, number]): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

const CHANNEL = String.raw`\s*\d{1,3}%?\s*`;
const ALPHA = String.raw`(?:,\s*(?:0|1|0?\.\d+)\s*)?`;
const STOP_COLOR = new RegExp(
  `^(?:#[0-9a-f]{3,8}|rgba?\\(${CHANNEL},${CHANNEL},${CHANNEL}${ALPHA}\\)|[a-z]{3,20})$`,
  'i',
);
const STOP_POSITION = /^-?\d+(?:\.\d+)?(?:%|px)$/;
const ANGLE = /^-?\d+(?:\.\d+)?(?:deg|turn|rad|grad)$/;
const SIDE = /^to (?:top|bottom|left|right)(?: (?:top|bottom|left|right))?$/;
const RADIAL_SHAPE = /^(?:circle|ellipse)(?: at (?:center|top|bottom|left|right))?$/;
const GRADIENT = /^(linear|radial)-gradient\((.*)\)$/is;

/** `linear-gradient(...)` or `radial-gradient(...)` of an optional direction or shape and colour stops. */
export function isSafeGradient(value: string): boolean {
  const gradient = GRADIENT.exec(value.trim());
  if (!gradient) return false;
  const [, kind, body = ''] = gradient;
  const parts = splitTopLevelCommas(body).map((part) => part.trim().replace(/\s+/g, ' '));
  const first = parts[0] ?? '';
  const opening =
    kind?.toLowerCase() === 'linear' ? ANGLE.test(first) || SIDE.test(first) : RADIAL_SHAPE.test(first);
  const stops = opening ? parts.slice(1) : parts;
  return stops.length >= 2 && stops.every(isColorStop);
}

function isColorStop(stop: string): boolean {
  // A colour may hold spaces only inside rgb(...): split the positions off after the closing parenthesis.
  const match = /^(rgba?\([^)]*\)|\S+)((?: \S+){0,2})$/i.exec(stop);
  if (!match) return false;
  const [, color = '', positions = ''] = match;
  return (
    STOP_COLOR.test(color) &&
    positions
      .split(' ')
      .filter(Boolean)
      .every((position) => STOP_POSITION.test(position))
  );
}

function splitTopLevelCommas(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '(') depth++;
    else if (character === ')') depth--;
    else if (character === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
    if (depth < 0) return [];
  }
  parts.push(text.slice(start));
  return depth === 0 ? parts : [];
}
