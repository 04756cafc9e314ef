import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { openApiV2 } from '../../../src/openapi/openapi-v2.js';
import { openApiV2Protobuf } from '../../../src/openapi/openapi-v2-gnostic.js';
import { GNOSTIC_MESSAGES } from '../../../src/protobuf/index.js';
import { MessageCodec } from '../../../src/protobuf/message-codec.js';

// biome-ignore lint/suspicious/noExplicitAny: a decoded document, walked by the paths the tests know
type Json = Record<string, any>;

// Read back with the gnostic descriptors: keys are gnostic's proto field names.
const document = new MessageCodec(GNOSTIC_MESSAGES).decode(
  'openapi.v2.Document',
  openApiV2Protobuf(openApiV2([])),
) as Json;

function named(list: Json[] | undefined, name: string): Json | undefined {
  return list?.find((entry) => entry.name === name)?.value;
}

describe('the OpenAPI v2 document in gnostic protobuf', () => {
  it('carries the document header, security and its shared parameters', () => {
    expect(document.swagger).toBe('2.0');
    expect(document.info).toEqual({ title: 'Kubernetes', version: 'unversioned' });
    expect(document.security).toEqual([{ additional_properties: [{ name: 'BearerToken', value: {} }] }]);
    const bearer = named(document.security_definitions.additional_properties, 'BearerToken');
    expect(bearer).toEqual({
      api_key_security: {
        type: 'apiKey',
        name: 'authorization',
        in: 'header',
        description: 'Bearer Token authentication',
      },
    });
    const limit = document.parameters.additional_properties.find((entry: Json) =>
      entry.name.startsWith('limit-'),
    );
    expect(limit.value.non_body_parameter.query_parameter_sub_schema).toMatchObject({
      in: 'query',
      name: 'limit',
      type: 'integer',
    });
  });

  it('keeps each definition with its kind extension, references, types and maps', () => {
    const definitions = document.definitions.additional_properties as Json[];
    const pod = named(definitions, 'io.k8s.api.core.v1.Pod');
    const kinds = named(pod?.vendor_extension, 'x-kubernetes-group-version-kind');
    expect(parseYaml(kinds?.yaml)).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
    expect(pod?.type).toEqual({ value: ['object'] });
    expect(named(pod?.properties.additional_properties, 'spec')).toMatchObject({
      _ref: '#/definitions/io.k8s.api.core.v1.PodSpec',
    });
    const labels = named(
      named(definitions, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')?.properties.additional_properties,
      'labels',
    );
    expect(labels?.additional_properties).toEqual({ schema: { type: { value: ['string'] } } });
    const containers = named(
      named(definitions, 'io.k8s.api.core.v1.PodSpec')?.properties.additional_properties,
      'containers',
    );
    expect(containers?.items).toEqual({ schema: [{ _ref: '#/definitions/io.k8s.api.core.v1.Container' }] });
    expect(parseYaml(named(containers?.vendor_extension, 'x-kubernetes-patch-merge-key')?.yaml)).toBe('name');
  });

  it('keeps the paths, their operations, parameters and responses', () => {
    const pods = named(document.paths.path, '/api/v1/namespaces/{namespace}/pods');
    expect(pods?.parameters[0]).toEqual({
      json_reference: { _ref: expect.stringMatching(/^#\/parameters\/namespace-/) },
    });
    expect(pods?.get.operation_id).toBe('listCoreV1NamespacedPod');
    const ok = named(pods?.get.responses.response_code, '200');
    expect(ok?.response.schema).toEqual({ schema: { _ref: '#/definitions/io.k8s.api.core.v1.PodList' } });
    const create = pods?.post.parameters.find((item: Json) => item.parameter?.body_parameter);
    expect(create.parameter.body_parameter).toMatchObject({ name: 'body', in: 'body', required: true });
  });
});
