import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machineDescription } from './machine.js';

// bench/results.md holds one section per benchmark, each replaced when that benchmark runs
// alone or within run-all, and a Targets section gathered from every section's verdicts.

export const RESULTS_PATH = fileURLToPath(new URL('../results.md', import.meta.url));

/** The order of the sections in the file, whichever benchmark ran last. */
export const BENCHMARK_ORDER = [
  'tool-call-overhead',
  'peers',
  'bearer-validation',
  'output-size',
  'memory',
  'startup',
  'soak',
] as const;
export type BenchmarkName = (typeof BENCHMARK_ORDER)[number];

export interface TargetVerdict {
  target: string;
  status: 'met' | 'missed' | 'pending';
  detail: string;
}

export interface BenchmarkSection {
  name: BenchmarkName;
  title: string;
  /** Markdown: tables and notes. */
  body: string;
  targets: TargetVerdict[];
}

const TITLE = '# Benchmark results';
const INTRO =
  'Written by the scripts in bench/ (see bench/README.md); do not edit by hand. Each section is ' +
  'replaced when its benchmark runs. Client, simulator and server share the machine, so compare ' +
  'ratios measured in the same run, not absolute numbers across runs.';

function marker(name: string, end = false): string {
  return `<!-- ${end ? '/' : ''}bench:${name} -->`;
}

function readSections(): Map<string, string> {
  const sections = new Map<string, string>();
  if (!existsSync(RESULTS_PATH)) return sections;
  const text = readFileSync(RESULTS_PATH, 'utf8');
  for (const name of BENCHMARK_ORDER) {
    const start = text.indexOf(marker(name));
    const end = text.indexOf(marker(name, true));
    if (start >= 0 && end > start) sections.set(name, text.slice(start, end + marker(name, true).length));
  }
  return sections;
}

const VERDICTS = /<!-- targets (.*) -->/;

function renderSection(section: BenchmarkSection): string {
  return [
    marker(section.name),
    `## ${section.title}`,
    '',
    `Machine: ${machineDescription()}`,
    '',
    section.body.trim(),
    '',
    `<!-- targets ${JSON.stringify(section.targets)} -->`,
    marker(section.name, true),
  ].join('\n');
}

function renderTargets(sections: Map<string, string>): string {
  const lines = ['## Targets', '', '| Target | Status | Measured / what limits us |', '| --- | --- | --- |'];
  for (const name of BENCHMARK_ORDER) {
    const json = sections.get(name)?.match(VERDICTS)?.[1];
    const verdicts: TargetVerdict[] = json ? JSON.parse(json) : [];
    for (const verdict of verdicts) {
      const status = { met: 'met', missed: '**missed**', pending: 'pending' }[verdict.status];
      lines.push(`| ${verdict.target} | ${status} | ${verdict.detail} |`);
    }
  }
  return lines.join('\n');
}

/** Replaces this benchmark's section of bench/results.md and regenerates the Targets section. */
export function writeSection(section: BenchmarkSection): void {
  const sections = readSections();
  sections.set(section.name, renderSection(section));
  const ordered = BENCHMARK_ORDER.flatMap((name) => sections.get(name) ?? []);
  const text = [TITLE, '', INTRO, '', renderTargets(sections), '', ...ordered.flatMap((s) => [s, ''])];
  writeFileSync(RESULTS_PATH, text.join('\n'));
  process.stdout.write(`${renderSection(section)}\n\nwritten to ${RESULTS_PATH}\n`);
}
