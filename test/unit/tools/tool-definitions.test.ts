import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allTools } from '../../../src/tools/index.js';

const tools = allTools();
const byName = new Map(tools.map((tool) => [tool.name, tool]));

function tool(name: string) {
  const found = byName.get(name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

describe('tool definitions', () => {
  it('offers every tool of the issue, once, under its reference name', () => {
    expect(tools.map((definition) => definition.name).sort()).toEqual([
      'kubernetes_api_resources',
      'kubernetes_apply',
      'kubernetes_can_i',
      'kubernetes_cluster_health',
      'kubernetes_context_get_current',
      'kubernetes_context_list',
      'kubernetes_context_use',
      'kubernetes_create',
      'kubernetes_delete',
      'kubernetes_describe',
      'kubernetes_events',
      'kubernetes_exec',
      'kubernetes_get',
      'kubernetes_list',
      'kubernetes_logs',
      'kubernetes_patch',
      'kubernetes_rollout',
      'kubernetes_scale',
    ]);
  });

  it.each(tools.map((definition) => [definition.name, definition] as const))(
    '%s rejects unknown arguments and describes every field',
    (_name, definition) => {
      const unknown = definition.inputSchema.safeParse({ surprise: true });
      expect(unknown.success).toBe(false);
      expect(unknown.error?.issues.some((issue) => issue.code === 'unrecognized_keys')).toBe(true);
      const properties = (z.toJSONSchema(definition.inputSchema, { io: 'input' }) as { properties?: object })
        .properties as Record<string, { description?: string }>;
      for (const [field, property] of Object.entries(properties ?? {})) {
        expect(property.description, `${definition.name}.${field}`).toMatch(/\w{3,}/);
      }
      expect(definition.description.length).toBeGreaterThan(60);
      expect(definition.annotations.openWorldHint).toBe(true);
    },
  );

  it('marks exactly the tools that change the cluster as writes, and exec as execs', () => {
    const writers = tools.filter((definition) => definition.writes).map((definition) => definition.name);
    expect(writers.sort()).toEqual([
      'kubernetes_apply',
      'kubernetes_create',
      'kubernetes_delete',
      'kubernetes_patch',
      'kubernetes_scale',
    ]);
    expect(tools.filter((definition) => definition.execs).map((definition) => definition.name)).toEqual([
      'kubernetes_exec',
    ]);
    for (const definition of tools) {
      if (definition.writes || definition.execs) expect(definition.annotations.readOnlyHint).toBe(false);
    }
  });

  it('keeps kubernetes_rollout listed when writes are off but refuses its writing actions', async () => {
    const rollout = tools.find((definition) => definition.name === 'kubernetes_rollout');
    if (!rollout) throw new Error('kubernetes_rollout is missing');
    const reason = 'the server runs with --non-destructive (the default)';
    const context = {
      settings: {
        dryRun: false,
        deniedResources: [],
        maxOutputBytes: 65536,
        requestTimeoutMs: 1000,
        writesDisabledReason: reason,
      },
    } as unknown as Parameters<typeof rollout.handler>[1];
    for (const action of ['restart', 'undo', 'pause', 'resume']) {
      const result = await rollout.handler(
        { action, resourceType: 'deployment', name: 'web', namespace: 'team-a' },
        context,
      );
      expect(result.isError).toBe(true);
      expect(result.text).toContain(
        `kubernetes_rollout ${action} changes the cluster, which is disabled: ${reason}`,
      );
    }
  });

  it('marks only the kubeconfig context tools as context tools', () => {
    const contextTools = tools
      .filter((definition) => definition.contextTool)
      .map((definition) => definition.name);
    expect(contextTools).toEqual([
      'kubernetes_context_list',
      'kubernetes_context_get_current',
      'kubernetes_context_use',
    ]);
  });

  it('gives every resource tool an optional context argument', () => {
    for (const definition of tools.filter((candidate) => !candidate.contextTool)) {
      expect(Object.keys(definition.inputSchema.shape), definition.name).toContain('context');
    }
  });

  it('applies the list and get defaults of the issue', () => {
    expect(tool('kubernetes_list').inputSchema.parse({ resourceType: 'pods' })).toMatchObject({
      output: 'table',
      limit: 50,
      allNamespaces: false,
      summary: false,
    });
    expect(tool('kubernetes_get').inputSchema.parse({ resourceType: 'pods', name: 'x' })).toMatchObject({
      output: 'slim',
    });
    expect(tool('kubernetes_logs').inputSchema.parse({ name: 'x' })).toMatchObject({ tailLines: 100 });
  });

  it('takes a JSON patch as an array of operations and refuses one written as an object', () => {
    const patch = tool('kubernetes_patch').inputSchema;
    const base = { resourceType: 'deploy', name: 'web', patchType: 'json' };
    expect(
      patch.safeParse({ ...base, patch: [{ op: 'replace', path: '/spec/replicas', value: 2 }] }).success,
    ).toBe(true);
    expect(
      patch.safeParse({ ...base, patch: { op: 'replace', path: '/spec/replicas', value: 2 } }).success,
    ).toBe(false);
    expect(patch.safeParse({ ...base, patchType: 'merge', patch: { spec: { replicas: 2 } } }).success).toBe(
      true,
    );
  });

  it('needs exactly one of manifest and object for create and apply', () => {
    const apply = tool('kubernetes_apply').inputSchema;
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    expect(apply.safeParse({ object }).success).toBe(true);
    expect(apply.safeParse({ manifest: 'kind: ConfigMap' }).success).toBe(true);
    expect(apply.safeParse({}).success).toBe(false);
    expect(apply.safeParse({ object, manifest: 'kind: ConfigMap' }).success).toBe(false);
  });

  it('takes the exec command as an array and a log duration in kubectl form', () => {
    expect(tool('kubernetes_exec').inputSchema.safeParse({ name: 'p', command: 'ls -l' }).success).toBe(
      false,
    );
    expect(tool('kubernetes_exec').inputSchema.safeParse({ name: 'p', command: ['ls', '-l'] }).success).toBe(
      true,
    );
    expect(tool('kubernetes_logs').inputSchema.safeParse({ name: 'p', since: '1h30m' }).success).toBe(true);
    expect(tool('kubernetes_logs').inputSchema.safeParse({ name: 'p', since: 'an hour' }).success).toBe(
      false,
    );
  });
});
