import { describe, expect, it } from 'vitest';
import { answerError, timeoutError, unreachableError } from '../../../src/k8s/request-errors.js';

const call = { server: 'https://k8s.example:6443', method: 'GET', path: '/api/v1/pods' };

describe('request errors', () => {
  it("keeps the API server's Status message, reason and details", () => {
    const status = {
      kind: 'Status',
      status: 'Failure',
      message: 'pods "x" is forbidden: nope',
      reason: 'Forbidden',
      details: { name: 'x', kind: 'pods' },
      code: 403,
    };
    expect(answerError(403, JSON.stringify(status), call)).toMatchObject({
      message: 'pods "x" is forbidden: nope',
      failure: 'api',
      status: 403,
      reason: 'Forbidden',
      details: { name: 'x', kind: 'pods' },
    });
  });

  it('describes an answer that is not a Status by its status code and the start of its body', () => {
    const error = answerError(502, `<html>bad gateway${'x'.repeat(500)}</html>`, call);
    expect(error.message).toMatch(/^GET \/api\/v1\/pods answered HTTP 502: <html>bad gatewayx+$/);
    expect(error.message.length).toBeLessThan(260);
    expect(error.reason).toBeUndefined();
  });

  it('names the server and the deadline of a timeout', () => {
    expect(timeoutError(call.server, 'GET /api', 30_000)).toMatchObject({
      failure: 'timeout',
      message:
        'the Kubernetes API server at https://k8s.example:6443 did not answer GET /api within 30000 ms',
    });
  });

  it('finds the telling code in a cause chain', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND k8s.example'), { code: 'ENOTFOUND' });
    const wrapped = Object.assign(new Error('fetch failed', { cause }), { code: 'UND_ERR_SOMETHING' });
    expect(unreachableError(call.server, wrapped)).toMatchObject({
      failure: 'unreachable',
      message:
        'cannot reach the Kubernetes API server at https://k8s.example:6443: host name not found (ENOTFOUND)',
    });
  });

  it('falls back to the error message when no code is known', () => {
    expect(unreachableError(call.server, new Error('something odd')).message).toBe(
      'cannot reach the Kubernetes API server at https://k8s.example:6443: something odd',
    );
  });
});
