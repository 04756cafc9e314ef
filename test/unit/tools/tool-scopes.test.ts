import { describe, expect, it } from 'vitest';
import { allTools } from '../../../src/tools/index.js';
import { scopeNeededFor } from '../../../src/tools/tool-scopes.js';

function scopeOf(name: string, args: unknown = {}): string {
  const tool = allTools().find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return scopeNeededFor(tool.effect, args);
}

describe('the scope a tool call needs follows from its effect', () => {
  it('reading, and switching the session context, need kubernetes:read', () => {
    expect(scopeOf('kubernetes_list')).toBe('kubernetes:read');
    expect(scopeOf('kubernetes_context_use')).toBe('kubernetes:read');
  });

  it('writes, destructive or not, need kubernetes:write; exec needs kubernetes:exec', () => {
    expect(scopeOf('kubernetes_create')).toBe('kubernetes:write');
    expect(scopeOf('kubernetes_delete')).toBe('kubernetes:write');
    expect(scopeOf('kubernetes_exec')).toBe('kubernetes:exec');
  });

  it('starting, listing and stopping port forwards need kubernetes:port-forward', () => {
    for (const name of [
      'kubernetes_port_forward',
      'kubernetes_port_forward_list',
      'kubernetes_port_forward_stop',
    ]) {
      expect(scopeOf(name), name).toBe('kubernetes:port-forward');
    }
  });

  it('a rollout needs kubernetes:write only for the actions that change the workload', () => {
    expect(scopeOf('kubernetes_rollout', { action: 'status' })).toBe('kubernetes:read');
    expect(scopeOf('kubernetes_rollout', { action: 'restart' })).toBe('kubernetes:write');
    expect(scopeOf('kubernetes_rollout', 'not an object')).toBe('kubernetes:read');
  });

  it('Helm needs kubernetes:write only for rollback and uninstall', () => {
    for (const action of ['list', 'status', 'history', 'values', 'manifest']) {
      expect(scopeOf('kubernetes_helm', { action }), action).toBe('kubernetes:read');
    }
    expect(scopeOf('kubernetes_helm', { action: 'rollback' })).toBe('kubernetes:write');
    expect(scopeOf('kubernetes_helm', { action: 'uninstall' })).toBe('kubernetes:write');
  });
});
