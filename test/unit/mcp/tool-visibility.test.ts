import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { selectTools, type VisibilityPolicy } from '../../../src/mcp/tool-visibility.js';
import { forwardsPorts } from '../../../src/tools/tool-effect.js';
import { FAKE_TOOLS, fakeTool } from './fake-tools.js';

const DEFAULTS: VisibilityPolicy = {
  nonDestructive: true,
  readOnly: false,
  dryRun: false,
  inCluster: false,
  transport: 'stdio',
  allowPortForward: false,
  stateless: false,
  enabledTools: [],
  disabledTools: [],
};

function visible(policy: Partial<VisibilityPolicy>): string[] {
  return selectTools(FAKE_TOOLS, { ...DEFAULTS, ...policy }).visible.map((tool) => tool.name);
}

function reason(name: string, policy: Partial<VisibilityPolicy>): string | undefined {
  return selectTools(FAKE_TOOLS, { ...DEFAULTS, ...policy }).hidden.get(name);
}

describe('which tools are offered', () => {
  it('hides writes and exec by default (--non-destructive)', () => {
    expect(visible({})).toEqual(['kubernetes_list', 'kubernetes_context_use']);
    expect(reason('kubernetes_delete', {})).toBe(
      'the server runs with --non-destructive (the default); start it with --non-destructive=false to allow ' +
        'writes, or with --dry-run to have them validated without storing anything',
    );
  });

  it('offers everything with --non-destructive=false', () => {
    expect(visible({ nonDestructive: false })).toHaveLength(4);
  });

  it('keeps writes but never exec with --dry-run', () => {
    expect(visible({ dryRun: true })).toContain('kubernetes_delete');
    expect(visible({ dryRun: true, nonDestructive: false })).not.toContain('kubernetes_exec');
    expect(reason('kubernetes_exec', { dryRun: true })).toContain('--dry-run');
  });

  it('hides writes and exec with --read-only whatever else is set', () => {
    expect(visible({ readOnly: true, nonDestructive: false, dryRun: true })).toEqual([
      'kubernetes_list',
      'kubernetes_context_use',
    ]);
    expect(reason('kubernetes_delete', { readOnly: true })).toContain('--read-only');
  });

  it('hides context tools in-cluster', () => {
    expect(visible({ inCluster: true })).toEqual(['kubernetes_list']);
    expect(reason('kubernetes_context_use', { inCluster: true })).toContain('in-cluster');
  });

  it('applies --enabled-tools and --disabled-tools', () => {
    expect(visible({ enabledTools: ['kubernetes_list'] })).toEqual(['kubernetes_list']);
    expect(visible({ disabledTools: ['kubernetes_list'] })).toEqual(['kubernetes_context_use']);
    expect(reason('kubernetes_list', { disabledTools: ['kubernetes_list'] })).toContain('--disabled-tools');
    expect(reason('kubernetes_context_use', { enabledTools: ['kubernetes_list'] })).toContain(
      '--enabled-tools',
    );
  });

  it('refuses tool names it does not know, listing the known ones', () => {
    expect(() => selectTools(FAKE_TOOLS, { ...DEFAULTS, enabledTools: ['kubernetes_lsit'] })).toThrow(
      ConfigError,
    );
    expect(() => selectTools(FAKE_TOOLS, { ...DEFAULTS, disabledTools: ['nope'] })).toThrow(
      /--disabled-tools names unknown tools: nope \(known tools: kubernetes_list, /,
    );
  });
});

describe('which port-forward tools are offered', () => {
  const PORT_FORWARD = [fakeTool('kubernetes_port_forward', { effect: forwardsPorts('start') })];
  const offered = (policy: Partial<VisibilityPolicy>) =>
    selectTools(PORT_FORWARD, { ...DEFAULTS, ...policy }).visible.length === 1;
  const why = (policy: Partial<VisibilityPolicy>) =>
    selectTools(PORT_FORWARD, { ...DEFAULTS, ...policy }).hidden.get('kubernetes_port_forward');

  it('offers them over stdio where exec is offered, or with --allow-port-forward', () => {
    expect(offered({ nonDestructive: false })).toBe(true);
    expect(offered({ allowPortForward: true })).toBe(true);
    expect(why({})).toBe(
      'the server runs with --non-destructive (the default), which hides port forwarding as it hides exec; ' +
        'start it with --non-destructive=false or --allow-port-forward to allow it',
    );
    expect(why({ dryRun: true, nonDestructive: false })).toContain('a port forward cannot be a dry run');
    expect(offered({ dryRun: true, allowPortForward: true })).toBe(true);
  });

  it("over HTTP, only with --allow-port-forward: the ports open on the server's machine", () => {
    for (const transport of ['streamable-http', 'sse']) {
      expect(why({ transport, nonDestructive: false })).toBe(
        `over ${transport} a forwarded port would open on the server's machine, not on yours; ` +
          'start the server with --allow-port-forward to allow it',
      );
      expect(offered({ transport, allowPortForward: true })).toBe(true);
    }
  });

  it('never without MCP sessions (--stateless), where a forward would close with its call', () => {
    expect(why({ transport: 'streamable-http', stateless: true, allowPortForward: true })).toContain(
      'the server runs with --stateless, where each call is a session of its own',
    );
  });

  it('never under --read-only', () => {
    expect(why({ readOnly: true, allowPortForward: true, nonDestructive: false })).toContain('--read-only');
  });
});
