import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';

// docs/tools.md says what tools/list says: each tool's section opens with its title and
// description, and its input table is the input schema's. Both are compared with the golden
// listing (test/golden/tools-list.json, every tool offered), so that a trimmed description or a new
// argument cannot leave the page behind. UPDATE_DOCS=1 rewrites them, and adds a section for a
// tool the page lacks; the examples and the prose around them stay as written.

const DOC_PATH = fileURLToPath(new URL('../../../docs/tools.md', import.meta.url));
const GOLDEN_PATH = fileURLToPath(new URL('../../golden/tools-list.json', import.meta.url));
const REGENERATE = 'UPDATE_DOCS=1 npx vitest run test/unit/tools/tools-doc.test.ts';

interface PropertySchema {
  type?: string;
  enum?: unknown[];
  items?: PropertySchema;
  anyOf?: PropertySchema[];
  default?: unknown;
  description?: string;
}

function allTools(): Tool[] {
  const golden = JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')) as Record<string, { tools: Tool[] }>;
  return golden['--non-destructive=false']?.tools ?? [];
}

function typeOf(schema: PropertySchema): string {
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' or ');
  if (schema.type === 'array') return `array of ${schema.items ? typeOf(schema.items) : 'any'}`;
  return schema.type ?? 'any';
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The input table of a tool, or "No inputs." */
function inputTable(tool: Tool): string {
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, PropertySchema>;
  const required = new Set(tool.inputSchema.required ?? []);
  const rows = Object.entries(properties).map(([name, schema]) => {
    const fallback = schema.default === undefined ? '' : `\`${JSON.stringify(schema.default)}\``;
    const byDefault = required.has(name) ? '**required**' : fallback;
    return `| \`${name}\` | ${typeOf(schema)} | ${byDefault} | ${cell(schema.description ?? '')} |`;
  });
  if (rows.length === 0) return 'No inputs.';
  return ['| input | type | default | description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

const opening = (tool: Tool) => `**${tool.title}.** ${tool.description}`;

interface Section {
  opening: string;
  table: string;
}

/** A tool's section as the page has it: its first paragraph, and its input table. */
function sectionOf(doc: string, name: string): Section | undefined {
  const start = doc.indexOf(`\n## ${name}\n`);
  if (start < 0) return undefined;
  const end = doc.indexOf('\n## ', start + 1);
  const paragraphs = doc
    .slice(start, end < 0 ? undefined : end)
    .split('\n\n')
    .slice(1);
  const table = paragraphs.find((paragraph) => /^(\| input \||No inputs\.)/.test(paragraph)) ?? '';
  return { opening: paragraphs[0] ?? '', table: table.trimEnd() };
}

function annotationsLine(tool: Tool): string {
  const hints = tool.annotations ?? {};
  return (
    `Annotations: readOnly ${hints.readOnlyHint}, destructive ${hints.destructiveHint}, ` +
    `idempotent ${hints.idempotentHint}, openWorld ${hints.openWorldHint}.`
  );
}

/** The page with every tool's opening and table as tools/list has them. */
function regenerated(doc: string, tools: Tool[]): string {
  let page = doc;
  for (const tool of tools) {
    const section = sectionOf(page, tool.name);
    if (!section) {
      const added = `## ${tool.name}\n\n${opening(tool)}\n\n${annotationsLine(tool)}\n\n${inputTable(tool)}\n\n`;
      page = page.replace('\n## Prompts\n', `\n${added}## Prompts\n`);
      continue;
    }
    const start = page.indexOf(`\n## ${tool.name}\n`);
    const head = page.slice(0, start);
    const body = page
      .slice(start)
      .replace(section.opening, opening(tool))
      .replace(section.table, inputTable(tool));
    page = head + body;
  }
  return page;
}

describe('docs/tools.md', () => {
  const tools = allTools();
  const doc = readFileSync(DOC_PATH, 'utf8');
  if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC_PATH, regenerated(doc, tools));
  const current = process.env.UPDATE_DOCS === '1' ? readFileSync(DOC_PATH, 'utf8') : doc;

  it('has a section for every tool', () => {
    expect(tools.length).toBeGreaterThan(10);
    const missing = tools.filter((tool) => !sectionOf(current, tool.name)).map((tool) => tool.name);
    expect(missing, `add them with ${REGENERATE}`).toEqual([]);
  });

  it.each(tools.map((tool) => ({ name: tool.name, tool })))(
    'describes $name as tools/list does',
    ({ tool }) => {
      const section = sectionOf(current, tool.name);
      expect(section?.opening, `regenerate with ${REGENERATE}`).toBe(opening(tool));
      expect(section?.table, `regenerate with ${REGENERATE}`).toBe(inputTable(tool));
    },
  );
});
