import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { setRequestContext } from '../../../src/observability/request-context.js';
import { resolveAuditKey } from '../../../src/security/audit-key.js';
import { AUDIT_EVENTS, type AuditFields, createAuditLog } from '../../../src/security/audit-log.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const NOW = Date.parse('2025-05-01T12:00:00Z');
const HMAC_KEY = 'an-audit-hmac-key-of-more-than-32-characters';

describe('the audit log', () => {
  it('writes one JSON line: time, event, outcome, client, hashed user and IP, request id, reason', () => {
    const out = capture();
    const audit = createAuditLog({
      destination: 'stderr',
      stream: out.stream,
      hmacKey: HMAC_KEY,
      now: () => NOW,
    });
    audit.record('token_issued', {
      outcome: 'success',
      clientId: 'client-abc',
      userId: 'google-subject-1234',
      ip: '203.0.113.9',
      requestId: 'req-1',
      reason: 'authorization_code grant',
    });
    const [record] = out.records();
    expect(record).toEqual({
      level: 'info',
      time: '2025-05-01T12:00:00.000Z',
      name: 'audit',
      event: 'token_issued',
      outcome: 'success',
      clientId: 'client-abc',
      userHash: expect.stringMatching(/^[0-9a-f]{32}$/),
      ipHash: expect.stringMatching(/^[0-9a-f]{32}$/),
      requestId: 'req-1',
      reason: 'authorization_code grant',
    });
    expect(out.lines[0]).not.toContain('google-subject-1234');
    expect(out.lines[0]).not.toContain('203.0.113.9');
  });

  it('takes the request id of the request being served, unless the fields name one', () => {
    const out = capture();
    const audit = createAuditLog({ destination: 'stderr', stream: out.stream });
    const request = {};
    setRequestContext(request, { requestId: 'from-context' });
    audit.record('auth_failure', { outcome: 'failure' }, request);
    audit.record('auth_failure', { outcome: 'failure', requestId: 'named' }, request);
    audit.record('auth_failure', { outcome: 'failure' }, {});
    expect(out.records().map((record) => record.requestId)).toEqual(['from-context', 'named', undefined]);
  });

  it('hashes a user the same way with the same key, and differently with another', () => {
    const hashOf = (hmacKey: string) => {
      const out = capture();
      createAuditLog({ destination: 'stderr', stream: out.stream, hmacKey }).record('consent_granted', {
        outcome: 'success',
        userId: 'subject-1',
      });
      return out.records()[0]?.userHash;
    };
    expect(hashOf(HMAC_KEY)).toBe(hashOf(HMAC_KEY));
    expect(hashOf(HMAC_KEY)).not.toBe(hashOf(`${HMAC_KEY}x`));
  });

  it('never writes the tokens, codes, secrets, cookies or emails slipped into its fields', () => {
    const secrets = {
      accessToken: 'AT_q9Zx81Lm0PfR2sVt7WuYbC3dE5gH6jK',
      refreshToken: 'RT_hJ4kL5mN6pQ7rS8tU9vW0xY1zA2bC3dE',
      code: 'CODE_f8G7h6J5k4L3m2N1p0Q9r8S7t6U5v4W',
      clientSecret: 'CS_z1X2c3V4b5N6m7A8s9D0f1G2h3J4k5L6',
      cookie: 'mcp_browser=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
      email: 'alice.secret@example.com',
    };
    const out = capture();
    const audit = createAuditLog({ destination: 'stderr', stream: out.stream, hmacKey: HMAC_KEY });
    const misuse = {
      outcome: 'failure',
      ...secrets,
      clientId: secrets.email,
      userId: secrets.email,
      reason: [secrets.accessToken, secrets.refreshToken, secrets.email, secrets.cookie].join(' and '),
    } as AuditFields;
    for (const event of AUDIT_EVENTS) audit.record(event, misuse);
    const output = out.lines.join('\n');
    expect(out.lines).toHaveLength(AUDIT_EVENTS.length);
    for (const secret of Object.values(secrets)) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/alice/);
    expect(out.records()[0]).not.toHaveProperty('accessToken');
  });

  it('writes nothing when off', () => {
    const audit = createAuditLog({ destination: 'off' });
    expect(() => audit.record('token_revoked', { outcome: 'success' })).not.toThrow();
  });

  it('appends to a file it creates readable by its owner only', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'audit-'));
    const path = join(folder, 'logs', 'audit.log');
    try {
      const audit = createAuditLog({ destination: path, hmacKey: HMAC_KEY });
      audit.record('client_registered', { outcome: 'success', clientId: 'c1' });
      await audit.close();
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
        event: 'client_registered',
        clientId: 'c1',
      });
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the audit HMAC key', () => {
  it('comes from --audit-hmac-key first', () => {
    expect(resolveAuditKey(HMAC_KEY, Buffer.alloc(32, 1)).source).toBe('audit-hmac-key');
  });

  it('is derived from the encryption key, the same on every replica', () => {
    const a = resolveAuditKey(undefined, Buffer.alloc(32, 7));
    const b = resolveAuditKey(undefined, Buffer.alloc(32, 7));
    expect(a.source).toBe('encryption-key');
    expect(a.key.equals(b.key)).toBe(true);
    expect(a.key.equals(Buffer.alloc(32, 7))).toBe(false);
  });

  it('is random per process without either', () => {
    expect(resolveAuditKey(undefined, undefined).source).toBe('random');
    expect(resolveAuditKey(undefined, undefined).key.equals(resolveAuditKey(undefined, undefined).key)).toBe(
      false,
    );
  });
});
