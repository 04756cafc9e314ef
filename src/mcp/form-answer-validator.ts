import type {
  JsonSchemaType,
  JsonSchemaValidator,
  JsonSchemaValidatorResult,
  jsonSchemaValidator,
} from '@modelcontextprotocol/server';

// The SDK's Server checks the user's answer to a form (MCP elicitation) against the form's schema,
// with Ajv by default, which the bundle leaves out (scripts/build.mjs): 0.25 MB loaded at start-up
// and an instance per session. MCP forms are flat objects of primitive fields, so this checks them.

type FieldType = 'string' | 'number' | 'integer' | 'boolean';

function fieldProblem(key: string, schema: JsonSchemaType, value: unknown): string | undefined {
  if (typeof schema !== 'object') return undefined;
  const type = schema.type as FieldType | undefined;
  const fits = type === undefined || (type === 'integer' ? Number.isInteger(value) : typeof value === type);
  if (!fits) return `"${key}" must be ${type === 'integer' ? 'an' : 'a'} ${type}`;
  if (schema.enum && !schema.enum.includes(value as never))
    return `"${key}" must be one of the offered values`;
  return undefined;
}

function checkForm<T>(schema: JsonSchemaType, input: unknown): JsonSchemaValidatorResult<T> {
  const invalid = (errorMessage: string) => ({ valid: false as const, data: undefined, errorMessage });
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return invalid('the answer is not an object');
  const form = typeof schema === 'object' ? schema : {};
  const fields = (form.properties ?? {}) as Record<string, JsonSchemaType>;
  const answer = input as Record<string, unknown>;
  for (const key of form.required ?? []) if (!(key in answer)) return invalid(`"${key}" is missing`);
  for (const [key, value] of Object.entries(answer)) {
    const field = fields[key];
    if (field === undefined) return invalid(`"${key}" is not a field of the form`);
    const problem = fieldProblem(key, field, value);
    if (problem) return invalid(problem);
  }
  return { valid: true, data: input as T, errorMessage: undefined };
}

export const formAnswerValidator: jsonSchemaValidator = {
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    return (input) => checkForm<T>(schema, input);
  },
};
