import { type Command, Option } from 'commander';
import { parseServerConfig } from '../config/parse-server-config.js';
import { flagName, type ServerConfigInput, serverSettings } from '../config/server-config.js';
import { settingMeta } from '../config/setting.js';
import { flags as oauthFlags, type RawOAuthOptions } from '../oauth/oauth-settings.js';
import { resolveAuditKey } from '../security/audit-key.js';
import {
  type CheckResult,
  checklistPassed,
  type DeploymentFacts,
  evaluateProductionChecklist,
} from '../security/production-checklist.js';
import {
  parseSecuritySettings,
  type SecuritySettingsInput,
  securitySettings,
} from '../security/security-settings.js';
import { loadTlsFiles } from '../security/tls-files.js';
import { addBooleanOption, parseBoolean } from './boolean-option.js';

const OUTPUTS = ['table', 'json'] as const;
type CheckOutput = (typeof OUTPUTS)[number];

const OAUTH_KEYS = new Set<string>(oauthFlags.map((flag) => flag.key));
const SECURITY_KEYS = new Set<string>(Object.keys(securitySettings));

/**
 * The flags of `serve`. Interim: this mirrors the unexported addSettingOptions and addOAuthOptions of
 * serve-command.ts; once they (and serverInput) are exported and the security settings are part of
 * serverSettings, `check` calls them instead and this function goes.
 */
function addServeFlags(command: Command): void {
  for (const [key, schema] of Object.entries({ ...serverSettings, ...securitySettings })) {
    const meta = settingMeta.get(schema);
    if (!meta) throw new Error(`setting ${key} has no description`);
    const name = flagName(key).slice(2);
    const env =
      meta.env === false
        ? undefined
        : (meta.env ?? `MCP_KUBERNETES_${name.replaceAll('-', '_').toUpperCase()}`);
    if (meta.kind === 'boolean') {
      const defaultValue = schema.parse(undefined) === true;
      addBooleanOption(command, {
        name,
        description: meta.description,
        defaultValue,
        ...(env ? { env } : {}),
      });
      continue;
    }
    const option = new Option(`--${name} <${meta.placeholder ?? 'value'}>`, meta.description);
    command.addOption(env ? option.env(env) : option);
  }
  for (const flag of oauthFlags) {
    if (flag.kind === 'boolean') {
      command.addOption(
        new Option(`${flag.name} [bool]`, flag.help).argParser(parseBoolean(flag.name)).preset(true),
      );
      command.addOption(new Option(`--no-${flag.name.slice(2)}`).hideHelp());
    } else {
      command.addOption(new Option(`${flag.name} <${flag.placeholder ?? 'value'}>`, flag.help));
    }
  }
}

interface SplitOptions {
  server: ServerConfigInput;
  security: SecuritySettingsInput;
}

/** The command line's values, as `serve` gives them to the server's settings and the security layer's. */
function splitOptions(options: Record<string, unknown>): SplitOptions {
  const server: Record<string, unknown> = {};
  const security: Record<string, unknown> = {};
  const oauth: RawOAuthOptions = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || key === 'output') continue;
    if (SECURITY_KEYS.has(key)) security[key] = value;
    else if (OAUTH_KEYS.has(key)) oauth[key as keyof RawOAuthOptions] = value as string | boolean;
    else server[key] = value;
  }
  return { server: { ...server, oauth } as ServerConfigInput, security: security as SecuritySettingsInput };
}

/** The facts the checklist evaluates, from the same flags and environment `serve` reads. */
export function deploymentFacts(
  options: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  now = new Date(),
): DeploymentFacts {
  const { server, security: securityInput } = splitOptions(options);
  const config = parseServerConfig(server, env);
  const security = parseSecuritySettings(securityInput, config);
  const encryptionKey = config.oauth?.encryptionKey?.reveal();
  return {
    transport: config.transport,
    httpAddr: config.httpAddr,
    allowUnauthenticatedHttp: config.allowUnauthenticatedHttp,
    debug: config.debug,
    logLevel: config.logLevel,
    oauth: config.oauth,
    security,
    tls: loadTlsFiles(security),
    auditKeySource: resolveAuditKey(security.auditHmacKey, encryptionKey).source,
    // The flag takes effect only with --downstream-oauth (and is refused without it).
    downstreamInsecureFallback: config.downstreamOauth && config.downstreamOauthInsecureFallback,
    now,
  };
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
  addServeFlags(command);
  return command.action((options: Record<string, unknown>) => {
    process.exitCode = runCheck(options, process.env, (text) => process.stdout.write(text));
  });
}
