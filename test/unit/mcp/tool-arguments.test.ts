import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { argumentsJsonSchema, checkArguments } from '../../../src/mcp/tool-arguments.js';

const schema = z.strictObject({
  resourceType: z.string(),
  limit: z.number().int().optional(),
  selector: z.strictObject({ app: z.string() }).optional(),
});

function problem(args: unknown): string {
  const checked = checkArguments('kubernetes_list', schema, args);
  if (checked.ok) throw new Error('the arguments were accepted');
  return checked.problem;
}

describe('tool arguments', () => {
  it('passes valid arguments through, parsed', () => {
    expect(checkArguments('kubernetes_list', schema, { resourceType: 'pods', limit: 5 })).toEqual({
      ok: true,
      value: { resourceType: 'pods', limit: 5 },
    });
  });

  it('names unknown arguments and the allowed ones', () => {
    expect(problem({ resourceType: 'pods', namspace: 'x' })).toBe(
      'Invalid arguments for kubernetes_list: unknown argument "namspace" (allowed: resourceType, limit, selector)',
    );
  });

  it('names unknown keys inside nested objects', () => {
    expect(problem({ resourceType: 'pods', selector: { app: 'a', tier: 'b' } })).toContain(
      'unknown argument "tier" in "selector"',
    );
  });

  it('says which argument has the wrong type and what it got', () => {
    expect(problem({ resourceType: 'pods', limit: 'ten' })).toBe(
      'Invalid arguments for kubernetes_list: "limit" must be number, got string "ten"',
    );
  });

  it('names the types a union takes, and what it got', () => {
    const patch = z.strictObject({
      patch: z.union([z.record(z.string(), z.unknown()), z.array(z.string())]),
    });
    const unionProblem = (args: unknown) => {
      const checked = checkArguments('kubernetes_patch', patch, args);
      return checked.ok ? 'accepted' : checked.problem;
    };
    expect(unionProblem({ patch: 5 })).toBe(
      'Invalid arguments for kubernetes_patch: "patch" must be object or array, got number 5',
    );
    expect(unionProblem({})).toBe(
      'Invalid arguments for kubernetes_patch: "patch" is required (object or array)',
    );
  });

  it('tells a caller who sent an object as a string of JSON to send the value itself', () => {
    expect(problem({ resourceType: 'pods', selector: '{"app":"web"}' })).toBe(
      'Invalid arguments for kubernetes_list: "selector" must be object, got string "{\\"app\\":\\"web\\"}" ' +
        '(send the JSON value itself, not a string holding it)',
    );
    expect(problem({ resourceType: 'pods', selector: 'app=web' })).toBe(
      'Invalid arguments for kubernetes_list: "selector" must be object, got string "app=web"',
    );
  });

  it('points an object sent as text to the argument that takes an object', () => {
    const create = z.strictObject({
      manifest: z.string().optional(),
      object: z.record(z.string(), z.unknown()).optional(),
      namespace: z.string().optional(),
    });
    const checked = checkArguments('kubernetes_create', create, { manifest: { kind: 'ConfigMap' } });
    expect(checked.ok ? 'accepted' : checked.problem).toBe(
      'Invalid arguments for kubernetes_create: "manifest" must be string, got an object ' +
        '(to send one object as JSON, use "object")',
    );
    // Without exactly one argument taking an object there is nothing to point to.
    expect(problem({ resourceType: { kind: 'Pod' } })).toBe(
      'Invalid arguments for kubernetes_list: "resourceType" must be string, got an object',
    );
  });

  it('says which argument is missing', () => {
    expect(problem({})).toContain('"resourceType" is required (string)');
  });

  it('treats absent arguments as an empty object', () => {
    expect(problem(undefined)).toContain('"resourceType" is required');
  });

  it('lists a JSON Schema that forbids unknown arguments', () => {
    const json = argumentsJsonSchema(schema);
    expect(json).toMatchObject({ type: 'object', required: ['resourceType'], additionalProperties: false });
    expect(json).not.toHaveProperty('$schema');
  });
});
