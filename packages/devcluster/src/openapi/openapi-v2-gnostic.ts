// The OpenAPI v2 document in gnostic's protobuf form (openapi.v2.Document of google/gnostic's
// OpenAPIv2.proto), the form client-go downloads from /openapi/v2. The JSON document is walked
// along the gnostic message descriptors: a JSON key becomes the field of its snake_case name,
// "x-" keys become vendor extensions, and the few places where gnostic wraps a JSON value in a
// message of its own (a oneOf, a map, a value of any type) follow gnostic's compiler.
import { stringify as toYaml } from 'yaml';
import { encodeGnosticMessage, GNOSTIC_MESSAGES } from '../protobuf/index.js';

type Json = Record<string, unknown>;

const PACKAGE = 'openapi.v2.';

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function snakeCase(key: string): string {
  if (key === '$ref') return '_ref';
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** gnostic keeps any JSON value as its YAML text. */
function anyValue(value: unknown): Json {
  return { yaml: toYaml(value) };
}

function vendorExtensions(value: Json): Json[] {
  return Object.entries(value)
    .filter(([key]) => key.startsWith('x-'))
    .map(([name, extension]) => ({ name, value: anyValue(extension) }));
}

/** A JSON map as gnostic's list of Named<Value> messages (`valueType` unqualified, or a scalar). */
function named(value: Json, valueType: string): Json[] {
  const isMessage =
    WRAPPERS[valueType] !== undefined || GNOSTIC_MESSAGES[`${PACKAGE}${valueType}`] !== undefined;
  return Object.entries(value)
    .filter(([key]) => !key.startsWith('x-'))
    .map(([name, item]) => ({ name, value: isMessage ? shape(valueType, item) : item }));
}

const NON_BODY_IN: Record<string, string> = {
  header: 'header_parameter_sub_schema',
  formData: 'form_data_parameter_sub_schema',
  query: 'query_parameter_sub_schema',
  path: 'path_parameter_sub_schema',
};

const SUB_SCHEMA_TYPES: Record<string, string> = {
  header: 'HeaderParameterSubSchema',
  formData: 'FormDataParameterSubSchema',
  query: 'QueryParameterSubSchema',
  path: 'PathParameterSubSchema',
};

function securityScheme(value: Json): Json {
  if (value.type === 'basic')
    return { basic_authentication_security: shape('BasicAuthenticationSecurity', value) };
  if (value.type === 'apiKey') return { api_key_security: shape('ApiKeySecurity', value) };
  const flows: Record<string, [string, string]> = {
    implicit: ['oauth2_implicit_security', 'Oauth2ImplicitSecurity'],
    password: ['oauth2_password_security', 'Oauth2PasswordSecurity'],
    application: ['oauth2_application_security', 'Oauth2ApplicationSecurity'],
    accessCode: ['oauth2_access_code_security', 'Oauth2AccessCodeSecurity'],
  };
  const [field, type] = flows[String(value.flow)] ?? flows.implicit ?? ['', ''];
  return { [field]: shape(type, value) };
}

/** Where gnostic's message is not an object of the JSON's keys. */
const WRAPPERS: Record<string, (value: unknown) => Json> = {
  Any: anyValue,
  TypeItem: (value) => ({ value: Array.isArray(value) ? value : [value] }),
  ItemsItem: (value) => ({
    schema: (Array.isArray(value) ? value : [value]).map((item) => shape('Schema', item)),
  }),
  AdditionalPropertiesItem: (value) =>
    typeof value === 'boolean' ? { boolean: value } : { schema: shape('Schema', value) },
  SchemaItem: (value) =>
    isObject(value) && value.type === 'file'
      ? { file_schema: shape('FileSchema', value) }
      : { schema: shape('Schema', value) },
  ParametersItem: (value) =>
    isObject(value) && '$ref' in value
      ? { json_reference: shape('JsonReference', value) }
      : { parameter: shape('Parameter', value) },
  Parameter: (value) => {
    const parameter = isObject(value) ? value : {};
    const location = String(parameter.in);
    if (location === 'body') return { body_parameter: shape('BodyParameter', parameter) };
    const field = NON_BODY_IN[location] ?? NON_BODY_IN.query ?? '';
    return {
      non_body_parameter: {
        [field]: shape(SUB_SCHEMA_TYPES[location] ?? 'QueryParameterSubSchema', parameter),
      },
    };
  },
  ResponseValue: (value) =>
    isObject(value) && '$ref' in value
      ? { json_reference: shape('JsonReference', value) }
      : { response: shape('Response', value) },
  SecurityDefinitionsItem: (value) => securityScheme(isObject(value) ? value : {}),
  StringArray: (value) => ({ value }),
  Paths: (value) => {
    const paths = isObject(value) ? value : {};
    return { path: named(paths, 'PathItem'), vendor_extension: vendorExtensions(paths) };
  },
  Responses: (value) => {
    const responses = isObject(value) ? value : {};
    return {
      response_code: named(responses, 'ResponseValue'),
      vendor_extension: vendorExtensions(responses),
    };
  },
};

/** A JSON value in the gnostic message `type`'s shape (keys are proto field names). */
function shape(type: string, value: unknown): Json {
  const wrapper = WRAPPERS[type];
  if (wrapper) return wrapper(value);
  const descriptor = GNOSTIC_MESSAGES[`${PACKAGE}${type}`];
  if (!descriptor || !isObject(value)) return {};
  const [only] = descriptor.fields;
  if (descriptor.fields.length === 1 && only?.json === 'additional_properties') {
    // Definitions, Properties, Headers, ...: a JSON map as a list of Named<Value>.
    const valueType = GNOSTIC_MESSAGES[only.type]?.fields.find((field) => field.json === 'value')?.type ?? '';
    return { additional_properties: named(value, valueType.replace(PACKAGE, '')) };
  }
  const result: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith('x-')) continue;
    const field = descriptor.fields.find((candidate) => candidate.json === snakeCase(key));
    if (!field) continue;
    if (!field.type.startsWith(PACKAGE)) result[field.json] = item;
    else {
      const fieldType = field.type.slice(PACKAGE.length);
      result[field.json] =
        field.repeated && Array.isArray(item)
          ? item.map((entry) => shape(fieldType, entry))
          : shape(fieldType, item);
    }
  }
  if (descriptor.fields.some((field) => field.json === 'vendor_extension'))
    result.vendor_extension = vendorExtensions(value);
  return result;
}

/** The swagger document as gnostic's openapi.v2.Document bytes. */
export function openApiV2Protobuf(document: object): Buffer {
  return encodeGnosticMessage(`${PACKAGE}Document`, shape('Document', document));
}
