import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { isPrimaryColor, isSafeGradient } from './css-values.js';
import { customCssProblem } from './custom-css.js';

/** Look and texts of the pages people see; texts may hold `{{.AppName}}`. */
export interface Branding {
  title?: string;
  message?: string;
  buttonText?: string;
  primaryColor?: string;
  backgroundGradient?: string;
  logoUrl?: string;
  customCss?: string;
}

const text = (maxLength: number) =>
  z.string().trim().min(1, 'must not be empty').max(maxLength, `must be at most ${maxLength} characters`);

const brandingSchema = z.strictObject({
  title: text(120).optional(),
  message: text(500).optional(),
  buttonText: text(60).optional(),
  primaryColor: z
    .string()
    .refine(isPrimaryColor, 'must be #rgb, #rrggbb or rgb(r, g, b) with values up to 255')
    .optional(),
  backgroundGradient: z
    .string()
    .max(500, 'must be at most 500 characters')
    .refine(isSafeGradient, 'must be a linear-gradient() or radial-gradient() of colours and stop positions')
    .optional(),
  logoUrl: z
    .string()
    .refine(
      (value) => URL.canParse(value) && new URL(value).protocol === 'https:',
      'must be an absolute https URL',
    )
    .optional(),
  customCss: z
    .string()
    .superRefine((css, context) => {
      const problem = customCssProblem(css);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
});

/** Validates branding from any source; the error names each wrong field and what it must be. */
export function parseBranding(value: unknown, source: string): Branding {
  const parsed = brandingSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
    return field ? `${field} ${issue.message}` : issue.message;
  });
  throw new Error(`invalid branding in ${source}: ${problems.join('; ')}`);
}

/** Reads `--oauth-branding-file`. */
export async function loadBrandingFile(path: string): Promise<Branding> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read --oauth-branding-file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new Error(`--oauth-branding-file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseBranding(json, `--oauth-branding-file ${path}`);
}

const APP_NAME_PLACEHOLDER = /\{\{\s*\.AppName\s*\}\}/g;

/** Puts the application's name into a branding text; the result is plain text, to be HTML-escaped. */
export function fillAppName(template: string, appName: string): string {
  return template.replace(APP_NAME_PLACEHOLDER, () => appName);
}
