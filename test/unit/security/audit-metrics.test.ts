import { describe, expect, it } from 'vitest';
import { ServerMetrics } from '../../../src/observability/metrics.js';
import type { AuditEvent, AuditFields, AuditLog } from '../../../src/security/audit-log.js';
import { countingAudit, markAuthStage } from '../../../src/security/audit-metrics.js';

interface Recorded {
  event: AuditEvent;
  fields: AuditFields;
}

function recordingAudit(recorded: Recorded[]): AuditLog {
  return {
    keySource: 'audit-hmac-key',
    close: async () => {},
    record: (event, fields) => void recorded.push({ event, fields }),
  };
}

async function series(metrics: ServerMetrics): Promise<string[]> {
  const text = (await metrics.scrape()).text;
  return text.split('\n').filter((line) => /^mcp_kubernetes_(oauth|auth|rate)/.test(line));
}

/** Runs `work` as the rest of a request to `path` runs after the middleware of markAuthStage. */
function inRequestTo(path: string, work: (request: object) => void): void {
  const mark = markAuthStage((requestPath) => (requestPath === '/mcp' ? 'bearer' : 'token_endpoint'));
  const request = { path };
  void mark(request as never, {} as never, (() => work(request)) as never);
}

describe('countingAudit', () => {
  it('forwards every record to the audit log unchanged', () => {
    const recorded: Recorded[] = [];
    const audit = countingAudit(recordingAudit(recorded), new ServerMetrics(), 'ip');
    const fields: AuditFields = { outcome: 'success', clientId: 'c1', userId: 'alice', reason: 'why' };
    audit.record('token_issued', fields);
    expect(recorded).toEqual([{ event: 'token_issued', fields }]);
    expect(audit.keySource).toBe('audit-hmac-key');
  });

  it('counts a revocation only when a token was revoked, not for an unknown token', async () => {
    const metrics = new ServerMetrics();
    const audit = countingAudit(recordingAudit([]), metrics, 'ip');
    audit.record('token_revoked', { outcome: 'success', clientId: 'c1', reason: 'unknown token' });
    audit.record('token_revoked', { outcome: 'success', clientId: 'c1', userId: 'alice' });
    expect(await series(metrics)).toContain(
      'mcp_kubernetes_oauth_tokens_revoked_total{reason="revocation_endpoint"} 1',
    );
  });

  it('counts a rate-limit hit under the limiter the log was made for', async () => {
    const metrics = new ServerMetrics();
    countingAudit(recordingAudit([]), metrics, 'user').record('rate_limit_exceeded', {
      outcome: 'failure',
      userId: 'alice',
    });
    expect(await series(metrics)).toContain('mcp_kubernetes_rate_limit_hits_total{limiter="user"} 1');
  });

  it('counts failed authentications under the stage of the request, a failed login as upstream_login', async () => {
    const metrics = new ServerMetrics();
    const audit = countingAudit(recordingAudit([]), metrics, 'ip');
    inRequestTo('/mcp', (request) => audit.record('auth_failure', { outcome: 'failure' }, request));
    inRequestTo('/oauth/token', (request) => audit.record('auth_failure', { outcome: 'failure' }, request));
    inRequestTo('/oauth/token', (request) => audit.record('token_issued', { outcome: 'failure' }, request));
    inRequestTo('/oauth/callback', (request) =>
      audit.record('login_failed', { outcome: 'failure' }, request),
    );
    const counted = await series(metrics);
    expect(counted).toContain('mcp_kubernetes_auth_failures_total{stage="bearer"} 1');
    expect(counted).toContain('mcp_kubernetes_auth_failures_total{stage="token_endpoint"} 2');
    expect(counted).toContain('mcp_kubernetes_auth_failures_total{stage="upstream_login"} 1');
  });

  it('counts registrations by outcome, and a consent refusal as nothing', async () => {
    const metrics = new ServerMetrics();
    const audit = countingAudit(recordingAudit([]), metrics, 'registration');
    audit.record('client_registered', { outcome: 'success', clientId: 'c1' });
    audit.record('client_registration_rejected', { outcome: 'failure', reason: 'bad metadata' });
    audit.record('consent_denied', { outcome: 'failure', clientId: 'c1' });
    const counted = await series(metrics);
    expect(counted).toContain('mcp_kubernetes_oauth_client_registrations_total{outcome="registered"} 1');
    expect(counted).toContain('mcp_kubernetes_oauth_client_registrations_total{outcome="rejected"} 1');
    expect(counted.filter((line) => line.startsWith('mcp_kubernetes_auth_failures_total'))).toEqual([]);
  });
});
