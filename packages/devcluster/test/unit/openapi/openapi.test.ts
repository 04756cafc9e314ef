import { describe, expect, it } from 'vitest';
import {
  definitionForKind,
  fieldPatchMeta,
  handleOpenApiRequest,
  openApiV2,
  openApiV3Document,
  openApiV3Index,
} from '../../../src/openapi/index.js';
import type { KubeObject } from '../../../src/types.js';

type Json = Record<string, unknown>;

const SERVED_GROUP_VERSIONS = [
  'api/v1',
  'apis/apps/v1',
  'apis/batch/v1',
  'apis/rbac.authorization.k8s.io/v1',
  'apis/networking.k8s.io/v1',
  'apis/policy/v1',
  'apis/apiextensions.k8s.io/v1',
  'apis/authorization.k8s.io/v1',
];

function widgetCrd(resourceVersion: string, sizeDescription = 'How big the widget is.'): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com', uid: 'widget-uid', resourceVersion },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    size: { type: 'integer', description: sizeDescription },
                    color: { type: 'string', nullable: true },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
}

function refsIn(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') into.push(child);
      else refsIn(child, into);
    }
  }
  return into;
}

function property(schema: Json | undefined, name: string): Json | undefined {
  return (schema?.properties as Record<string, Json> | undefined)?.[name];
}

function indexPaths(crds: KubeObject[]): Record<string, { serverRelativeURL: string }> {
  return (openApiV3Index(crds) as { paths: Record<string, { serverRelativeURL: string }> }).paths;
}

function hashOf(url: string): string {
  return new URL(url, 'http://server').searchParams.get('hash') ?? '';
}

function definitions(crds: KubeObject[]): Record<string, Json> {
  return openApiV2(crds).definitions;
}

describe('OpenAPI v2 document', () => {
  it('carries the real PodSpec with containers merged by name', () => {
    const containers = property(definitions([])['io.k8s.api.core.v1.PodSpec'], 'containers');
    expect(containers?.['x-kubernetes-patch-merge-key']).toBe('name');
    expect(containers?.['x-kubernetes-patch-strategy']).toBe('merge');
  });

  it('keeps no definitions or paths of groups the simulator does not serve', () => {
    const document = openApiV2([]);
    expect(Object.keys(document.definitions).filter((name) => name.includes('.storage.'))).toEqual([]);
    expect(Object.keys(document.paths).filter((path) => path.includes('storage.k8s.io'))).toEqual([]);
    expect(document.paths['/api/v1/namespaces/{namespace}/replicationcontrollers']).toBeUndefined();
  });

  it('resolves every $ref within the document', () => {
    const document = openApiV2([widgetCrd('1')]);
    const dangling = refsIn(document).filter((ref) => {
      const [, section, name] = ref.split('/');
      return section === 'definitions' ? !document.definitions[name ?? ''] : !document.parameters[name ?? ''];
    });
    expect(dangling).toEqual([]);
  });

  it('adds a custom kind under its reversed-group name with its group-version-kind, without v3-only keywords', () => {
    const widget = definitions([widgetCrd('1')])['com.example.v1.Widget'];
    expect(widget?.['x-kubernetes-group-version-kind']).toEqual([
      { group: 'example.com', kind: 'Widget', version: 'v1' },
    ]);
    expect(property(property(widget, 'spec'), 'color')).toEqual({ type: 'string' });
    expect(definitions([widgetCrd('1')])['com.example.v1.WidgetList']).toBeDefined();
    expect(
      openApiV2([widgetCrd('1')]).paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status'],
    ).toBeDefined();
  });
});

describe('OpenAPI v3 documents', () => {
  it('publishes cluster-scoped custom resources without namespace paths', () => {
    const crd = widgetCrd('1');
    (crd.spec as Json).scope = 'Cluster';
    const paths = Object.keys((openApiV3Document('apis/example.com/v1', [crd]) as { paths: Json }).paths);
    expect(paths.sort()).toEqual([
      '/apis/example.com/v1/widgets',
      '/apis/example.com/v1/widgets/{name}',
      '/apis/example.com/v1/widgets/{name}/status',
    ]);
  });

  it('indexes every served group-version with a sha512 content hash', () => {
    const paths = indexPaths([]);
    for (const groupVersion of SERVED_GROUP_VERSIONS) {
      expect(paths[groupVersion]?.serverRelativeURL).toMatch(
        new RegExp(`^/openapi/v3/${groupVersion}\\?hash=[0-9A-F]{128}$`),
      );
    }
  });

  it('resolves every $ref of each document inside that document', () => {
    const crds = [widgetCrd('1')];
    for (const key of Object.keys(indexPaths(crds))) {
      const document = openApiV3Document(key, crds) as { components: { schemas: Record<string, Json> } };
      const unresolved = refsIn(document).filter(
        (ref) => !document.components.schemas[ref.replace('#/components/schemas/', '')],
      );
      expect(unresolved, key).toEqual([]);
    }
  });

  it('converts bodies to requestBody and wraps described references in allOf', () => {
    const document = openApiV3Document('api/v1', []) as { paths: Record<string, Json>; components: Json };
    const create = document.paths['/api/v1/namespaces/{namespace}/pods']?.post as Json;
    expect(create.requestBody).toEqual({
      content: { '*/*': { schema: { $ref: '#/components/schemas/io.k8s.api.core.v1.Pod' } } },
      required: true,
    });
    expect((create.parameters as Json[]).some((parameter) => parameter.in === 'body')).toBe(false);
    const podSpec = (document.components.schemas as Record<string, Json>)['io.k8s.api.core.v1.PodSpec'];
    const securityContext = property(podSpec, 'securityContext');
    expect(securityContext?.allOf).toEqual([
      { $ref: '#/components/schemas/io.k8s.api.core.v1.PodSecurityContext' },
    ]);
  });

  it('publishes a custom resource patch that accepts fieldValidation, as kubectl checks before validating', () => {
    const document = openApiV3Document('apis/example.com/v1', [widgetCrd('1')]) as {
      paths: Record<string, Json>;
    };
    const patch = document.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']?.patch as Json;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'example.com',
      kind: 'Widget',
      version: 'v1',
    });
    expect(patch.operationId).toBe('patchExampleComV1NamespacedWidget');
    expect(patch.parameters).toContainEqual(
      expect.objectContaining({ name: 'fieldValidation', in: 'query' }),
    );
  });

  it('lists a custom group-version once its CRD exists and rehashes it when the CRD changes', () => {
    expect(indexPaths([])['apis/example.com/v1']).toBeUndefined();
    const before = indexPaths([widgetCrd('1')]);
    const after = indexPaths([widgetCrd('2', 'Widget size in centimetres.')]);
    const widgetUrl = before['apis/example.com/v1']?.serverRelativeURL ?? '';
    expect(widgetUrl).toMatch(/^\/openapi\/v3\/apis\/example\.com\/v1\?hash=/);
    expect(hashOf(after['apis/example.com/v1']?.serverRelativeURL ?? '')).not.toBe(hashOf(widgetUrl));
    expect(after['apis/apps/v1']).toEqual(before['apis/apps/v1']);
  });
});

describe('strategic merge patch metadata', () => {
  it('finds the definition of a built-in kind', () => {
    expect(definitionForKind('apps/v1', 'Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
    expect(definitionForKind('v1', 'Pod')).toBe('io.k8s.api.core.v1.Pod');
  });

  it('merges containers by name, volume mounts by mountPath and container ports by containerPort', () => {
    expect(fieldPatchMeta('io.k8s.api.core.v1.PodSpec', 'containers')).toMatchObject({
      ref: 'io.k8s.api.core.v1.Container',
      type: 'array',
      patchMergeKey: 'name',
      patchStrategy: 'merge',
    });
    expect(fieldPatchMeta('io.k8s.api.core.v1.Container', 'volumeMounts')?.patchMergeKey).toBe('mountPath');
    expect(fieldPatchMeta('io.k8s.api.core.v1.Container', 'ports')?.patchMergeKey).toBe('containerPort');
    expect(fieldPatchMeta('io.k8s.api.core.v1.ServiceSpec', 'ports')?.patchMergeKey).toBe('port');
  });

  it('treats container args as atomic and links object fields to their definitions', () => {
    expect(fieldPatchMeta('io.k8s.api.core.v1.Container', 'args')).toEqual({
      type: 'array',
      listType: 'atomic',
    });
    expect(fieldPatchMeta('io.k8s.api.apps.v1.DeploymentSpec', 'template')?.ref).toBe(
      'io.k8s.api.core.v1.PodTemplateSpec',
    );
    expect(fieldPatchMeta('io.k8s.api.core.v1.Container', 'image')).toBeUndefined();
  });
});

describe('OpenAPI request handler', () => {
  const noQuery = new URLSearchParams();

  it('leaves paths outside /openapi to other handlers', () => {
    expect(handleOpenApiRequest('/api/v1', noQuery, {}, [])).toBeUndefined();
  });

  it('serves v2 as JSON or gnostic protobuf, and refuses any other Accept with 406', () => {
    const json = handleOpenApiRequest('/openapi/v2', noQuery, { accept: 'application/json' }, []);
    expect(json?.status).toBe(200);
    expect(JSON.parse(String(json?.body)).swagger).toBe('2.0');
    const protobuf = handleOpenApiRequest(
      '/openapi/v2',
      noQuery,
      { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' },
      [],
    );
    expect(protobuf?.status).toBe(200);
    expect(protobuf?.headers['Content-Type']).toBe(
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    );
    // openapi.v2.Document field 1 (swagger) comes first: tag 0x0a, length 3, "2.0".
    expect(Buffer.from(protobuf?.body ?? '').subarray(0, 5)).toEqual(
      Buffer.from([0x0a, 3, 0x32, 0x2e, 0x30]),
    );
    const xml = handleOpenApiRequest('/openapi/v2', noQuery, { accept: 'application/xml' }, []);
    expect(xml?.status).toBe(406);
    expect(JSON.parse(String(xml?.body))).toMatchObject({
      kind: 'Status',
      reason: 'NotAcceptable',
      code: 406,
    });
  });

  it('marks a v3 document fetched by its current hash immutable and answers If-None-Match with 304', () => {
    const url = new URL(indexPaths([])['apis/apps/v1']?.serverRelativeURL ?? '', 'http://server');
    const response = handleOpenApiRequest(url.pathname, url.searchParams, { accept: 'application/json' }, []);
    expect(response?.status).toBe(200);
    expect(response?.headers['Cache-Control']).toBe('public, immutable');
    expect(response?.headers.ETag).toBe(`"${url.searchParams.get('hash')}"`);
    const again = handleOpenApiRequest(
      url.pathname,
      url.searchParams,
      { 'if-none-match': response?.headers.ETag },
      [],
    );
    expect(again?.status).toBe(304);
  });

  it('redirects a stale v3 hash to the current document', () => {
    const response = handleOpenApiRequest(
      '/openapi/v3/api/v1',
      new URLSearchParams({ hash: 'STALE' }),
      {},
      [],
    );
    expect(response?.status).toBe(301);
    expect(response?.headers.Location).toBe(indexPaths([])['api/v1']?.serverRelativeURL);
  });

  it('answers 404 for a group-version it does not serve', () => {
    const response = handleOpenApiRequest('/openapi/v3/apis/storage.k8s.io/v1', noQuery, {}, []);
    expect(response?.status).toBe(404);
  });
});
