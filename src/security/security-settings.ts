import * as z from 'zod';
import {
  booleanSetting,
  checkedTextSetting,
  listSetting,
  numberSetting,
  textSetting,
} from '../config/index.js';
import { originProblem } from './allowed-origins.js';
import { MIN_AUDIT_HMAC_KEY_LENGTH } from './audit-key.js';
import { cidrProblem } from './trusted-proxies.js';

const AUDIT_SINKS = ['stdout', 'stderr', 'off'];

function auditLogProblem(value: string): string | undefined {
  if (value === '') return 'takes stdout, stderr, off or a file path';
  if (['true', 'false', 'on', 'yes', 'no', '0', '1'].includes(value.toLowerCase())) {
    return `takes stdout, stderr, off or a file path, got ${JSON.stringify(value)} (use off to turn it off)`;
  }
  return undefined;
}

const rate = (defaultValue: number, description: string) =>
  numberSetting(defaultValue, { min: 0, max: 1_000_000, integer: true }, { description, placeholder: 'n' });

/**
 * The security layer's settings, declared as `serverSettings` (src/config/server-settings.ts) are:
 * src/settings assembles them, and the CLI, the environment variables and the docs follow. Values are
 * checked one by one here; `securitySettingsProblems` checks how they fit together.
 */
export const securitySettings = {
  trustedProxies: listSetting(
    {
      description:
        'reverse proxies (CIDRs, IPv4 or IPv6) whose X-Forwarded-For and X-Forwarded-Proto are believed',
      placeholder: 'cidrs',
    },
    { check: cidrProblem },
  ),
  allowedOrigins: listSetting(
    {
      description:
        'origins of web pages allowed to call the MCP endpoint (CORS), e.g. https://app.example.com',
      placeholder: 'origins',
      env: 'ALLOWED_ORIGINS',
    },
    { check: originProblem },
  ),
  rateLimitIp: rate(
    10,
    'requests per second from one client IP (OAuth endpoints, unauthenticated); 0 disables',
  ),
  rateLimitIpBurst: rate(20, 'requests one client IP may send at once before --rate-limit-ip applies'),
  rateLimitUser: rate(100, 'MCP requests per second of one authenticated user; 0 disables'),
  rateLimitUserBurst: rate(200, 'MCP requests one user may send at once before --rate-limit-user applies'),
  rateLimitRegistration: rate(10, 'client registrations one IP may attempt per minute; 0 disables'),
  auditLog: checkedTextSetting('stderr', auditLogProblem, {
    description: 'where security events go, one JSON line each: stdout, stderr, a file path, or off',
    placeholder: 'stdout|stderr|path|off',
  }),
  auditHmacKey: textSetting({
    description:
      `key (at least ${MIN_AUDIT_HMAC_KEY_LENGTH} characters) of the audit log's user and IP hashes; ` +
      'default: derived from the encryption key',
    placeholder: 'key',
    env: 'AUDIT_HMAC_KEY',
  }),
  tlsCertFile: textSetting({
    description: 'PEM certificate (chain) to serve HTTPS with; needs --tls-key-file',
    placeholder: 'path',
  }),
  tlsKeyFile: textSetting({ description: 'PEM private key of --tls-cert-file', placeholder: 'path' }),
  enableHsts: booleanSetting(false, {
    description: 'send Strict-Transport-Security on every answer (TLS terminated at a proxy)',
    env: 'ENABLE_HSTS',
  }),
};

export type SecuritySettingKey = keyof typeof securitySettings;
export const securitySettingsSchema = z.strictObject(securitySettings);
export type SecuritySettings = z.output<typeof securitySettingsSchema>;
export type SecuritySettingsInput = z.input<typeof securitySettingsSchema>;

/** Whether `--audit-log` names a file rather than a stream or off. */
export function auditLogIsFile(auditLog: string): boolean {
  return !AUDIT_SINKS.includes(auditLog);
}

/** How the settings fit together and with the server's transport; each problem names its flags. */
export function securitySettingsProblems(
  settings: SecuritySettings,
  server: { transport: string },
): string[] {
  const problems: string[] = [];
  const burst = (rateFlag: string, burstFlag: string, perSecond: number, atOnce: number) => {
    if (perSecond > 0 && atOnce < perSecond) {
      problems.push(`${burstFlag} (${atOnce}) must be at least ${rateFlag} (${perSecond})`);
    }
  };
  burst('--rate-limit-ip', '--rate-limit-ip-burst', settings.rateLimitIp, settings.rateLimitIpBurst);
  burst('--rate-limit-user', '--rate-limit-user-burst', settings.rateLimitUser, settings.rateLimitUserBurst);
  if ((settings.tlsCertFile === undefined) !== (settings.tlsKeyFile === undefined)) {
    problems.push('--tls-cert-file and --tls-key-file go together: give both to serve HTTPS');
  }
  if (settings.auditHmacKey !== undefined && settings.auditHmacKey.length < MIN_AUDIT_HMAC_KEY_LENGTH) {
    problems.push(
      `--audit-hmac-key (AUDIT_HMAC_KEY) must have at least ${MIN_AUDIT_HMAC_KEY_LENGTH} characters ` +
        '(openssl rand -base64 32)',
    );
  }
  if (settings.auditLog === 'stdout' && server.transport === 'stdio') {
    problems.push('--audit-log=stdout cannot be used with --transport=stdio: stdout carries the protocol');
  }
  return problems;
}
