import { type Command, Option } from 'commander';
import {
  type CheckResult,
  checklistPassed,
  type DeploymentFacts,
  deploymentFactsOf,
  evaluateProductionChecklist,
} from '../security/index.js';
import { parseServerConfig } from '../settings/index.js';
import { addServeOptions, serveConfigInput } from './serve-command.js';

const OUTPUTS = ['table', 'json'] as const;
type CheckOutput = (typeof OUTPUTS)[number];

/** The facts the checklist evaluates, from the same flags and environment `serve` reads. */
export function deploymentFacts(
  options: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  now = new Date(),
): DeploymentFacts {
  const { output: _output, ...serveOptions } = options;
  return deploymentFactsOf(parseServerConfig(serveConfigInput(serveOptions), env), now);
}

const STATUS_LABELS: Record<CheckResult['status'], string> = {
  pass: 'pass',
  warn: 'WARN',
  fail: 'FAIL',
  skip: 'skip',
};

/** Aligned columns, as kubectl prints them; a summary line last. */
export function formatChecklistTable(results: readonly CheckResult[]): string {
  const rows = [
    ['RESULT', 'CHECK', 'DETAIL'],
    ...results.map((result) => [STATUS_LABELS[result.status], result.id, result.detail]),
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const lines = rows.map((row) =>
    row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell)).join('   '),
  );
  const count = (status: CheckResult['status']) =>
    results.filter((result) => result.status === status).length;
  const summary =
    `${count('fail')} failed, ${count('warn')} warning(s), ${count('pass')} passed, ` +
    `${count('skip')} skipped: ` +
    (checklistPassed(results) ? 'ready for production' : 'NOT ready for production');
  return `${lines.join('\n')}\n\n${summary}\n`;
}

export function formatChecklistJson(results: readonly CheckResult[]): string {
  const items = results.map(({ id, title, status, detail }) => ({ id, title, status, detail }));
  return `${JSON.stringify({ ok: checklistPassed(results), items }, null, 2)}\n`;
}

/**
 * Evaluates the flags against the production checklist and writes the report; returns the exit status:
 * 0 when nothing fails (warnings allowed), 1 otherwise. Invalid settings throw ConfigError, as for
 * `serve`, and the CLI exits 1 with their messages.
 */
export function runCheck(
  options: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  write: (text: string) => void,
): number {
  const output = (options.output ?? 'table') as CheckOutput;
  const results = evaluateProductionChecklist(deploymentFacts(options, env));
  write(output === 'json' ? formatChecklistJson(results) : formatChecklistTable(results));
  return checklistPassed(results) ? 0 : 1;
}

export function checkCommand(program: Command): Command {
  const command = program
    .command('check')
    .description(
      'evaluate the flags of `serve` against the production checklist (HTTPS, registration, encryption, ' +
        'CORS, rate limits, audit log, ...); exit status 1 when an item fails',
    )
    .addOption(new Option('--output <format>', 'table or json').choices(OUTPUTS).default('table'));
  addServeOptions(command);
  return command.action((options: Record<string, unknown>) => {
    process.exitCode = runCheck(options, process.env, (text) => process.stdout.write(text));
  });
}
