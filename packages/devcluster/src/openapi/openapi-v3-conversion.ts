// Turns a slice of the Swagger 2.0 document into the OpenAPI 3.0 shape kube-apiserver's
// builder3 serves: schemas under components.schemas, parameters inlined with a `schema`,
// body parameters as requestBody and responses keyed by media type. A $ref with sibling
// keywords (description) becomes allOf: [{$ref}], because OpenAPI 3.0 ignores siblings of $ref.
import type { JsonObject, SwaggerDocument } from './generated-spec.js';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
const SWAGGER_ONLY_OPERATION_FIELDS = new Set(['consumes', 'produces', 'schemes', 'parameters', 'responses']);
const PARAMETER_SCHEMA_FIELDS = new Set(['type', 'format', 'items', 'uniqueItems', 'enum', 'default']);

const DEFINITIONS_PREFIX = '#/definitions/';
const PARAMETERS_PREFIX = '#/parameters/';

export type SwaggerSlice = Pick<
  SwaggerDocument,
  'info' | 'paths' | 'definitions' | 'parameters' | 'securityDefinitions'
>;

function convertSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(convertSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const entries = Object.entries(schema as JsonObject);
  const ref = (schema as JsonObject).$ref;
  if (typeof ref === 'string') {
    const target = { $ref: ref.replace(DEFINITIONS_PREFIX, '#/components/schemas/') };
    const siblings = entries.filter(([key]) => key !== '$ref');
    if (siblings.length === 0) return target;
    return {
      allOf: [target],
      ...Object.fromEntries(siblings.map(([key, value]) => [key, convertSchema(value)])),
    };
  }
  return Object.fromEntries(entries.map(([key, value]) => [key, convertSchema(value)]));
}

function resolveParameter(parameter: JsonObject, shared: Record<string, JsonObject>): JsonObject {
  const ref = parameter.$ref;
  if (typeof ref !== 'string') return parameter;
  const resolved = shared[ref.slice(PARAMETERS_PREFIX.length)];
  if (resolved === undefined) throw new Error(`dangling parameter ${ref}`);
  return resolved;
}

function convertParameter(parameter: JsonObject): JsonObject {
  const converted: JsonObject = {};
  const schema: JsonObject = {};
  for (const [key, value] of Object.entries(parameter)) {
    if (PARAMETER_SCHEMA_FIELDS.has(key)) schema[key] = value;
    else converted[key] = value;
  }
  converted.schema = schema;
  return converted;
}

function contentFor(mediaTypes: string[], schema: unknown): JsonObject {
  return Object.fromEntries(mediaTypes.map((mediaType) => [mediaType, { schema: convertSchema(schema) }]));
}

function convertResponses(responses: Record<string, JsonObject>, produces: string[]): JsonObject {
  return Object.fromEntries(
    Object.entries(responses).map(([code, response]) => {
      const { schema, ...rest } = response;
      return [code, schema === undefined ? rest : { ...rest, content: contentFor(produces, schema) }];
    }),
  );
}

function convertOperation(operation: JsonObject, shared: Record<string, JsonObject>): JsonObject {
  const converted: JsonObject = {};
  for (const [key, value] of Object.entries(operation)) {
    if (!SWAGGER_ONLY_OPERATION_FIELDS.has(key)) converted[key] = value;
  }
  const parameters = ((operation.parameters ?? []) as JsonObject[]).map((parameter) =>
    resolveParameter(parameter, shared),
  );
  const body = parameters.find((parameter) => parameter.in === 'body');
  const others = parameters.filter((parameter) => parameter.in !== 'body');
  if (others.length > 0) converted.parameters = others.map(convertParameter);
  if (body !== undefined) {
    const consumes = (operation.consumes as string[] | undefined) ?? ['*/*'];
    converted.requestBody = {
      content: contentFor(consumes, body.schema),
      ...(body.required ? { required: true } : {}),
    };
  }
  const produces = (operation.produces as string[] | undefined) ?? ['application/json'];
  converted.responses = convertResponses(operation.responses as Record<string, JsonObject>, produces);
  return converted;
}

function convertPathItem(item: JsonObject, shared: Record<string, JsonObject>): JsonObject {
  return Object.fromEntries(
    Object.entries(item).map(([key, value]) => {
      if (HTTP_METHODS.has(key)) return [key, convertOperation(value as JsonObject, shared)];
      if (key === 'parameters') {
        return [
          key,
          (value as JsonObject[]).map((parameter) => convertParameter(resolveParameter(parameter, shared))),
        ];
      }
      return [key, value];
    }),
  );
}

/** The OpenAPI 3.0 document for the given paths and the definitions they use. */
export function toOpenApiV3(slice: SwaggerSlice): JsonObject {
  const paths = Object.fromEntries(
    Object.entries(slice.paths).map(([path, item]) => [path, convertPathItem(item, slice.parameters)]),
  );
  const schemas = Object.fromEntries(
    Object.entries(slice.definitions).map(([name, schema]) => [name, convertSchema(schema)]),
  );
  return {
    openapi: '3.0.0',
    info: slice.info,
    paths,
    components: {
      schemas,
      ...(slice.securityDefinitions ? { securitySchemes: slice.securityDefinitions } : {}),
    },
  };
}
