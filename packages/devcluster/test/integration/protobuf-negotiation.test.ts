import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageTable } from '../../src/protobuf/descriptors.js';
import kubernetesMessages from '../../src/protobuf/generated/kubernetes-messages.json' with { type: 'json' };
import { decodeKubernetesObject, encodeKubernetesObject } from '../../src/protobuf/index.js';
import { MessageCodec } from '../../src/protobuf/message-codec.js';
import { type DevCluster, startDevCluster } from '../../src/start.js';

// Content negotiation as kube-apiserver does it, seen over HTTP with raw requests.
const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const WIDGETS = '/apis/example.com/v1/namespaces/team-a/widgets';
const codec = new MessageCodec(
  (kubernetesMessages as unknown as { messages: MessageTable }).messages,
  decodeKubernetesObject,
);

describe('protobuf content negotiation', () => {
  let cluster: DevCluster;

  beforeAll(async () => {
    cluster = await startDevCluster({});
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  async function call(method: string, path: string, headers: Record<string, string>, body?: Buffer) {
    const response = await fetch(`${cluster.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${cluster.adminToken}`, ...headers },
      body,
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: Buffer.from(await response.arrayBuffer()),
    };
  }

  it('answers in the media type the client prefers, by quality then order', async () => {
    const cases: [string, string][] = [
      [`${PROTOBUF}, application/json`, PROTOBUF],
      [`application/json;q=0.5, ${PROTOBUF}`, PROTOBUF],
      [`${PROTOBUF};q=0.1, application/json`, 'application/json'],
      ['*/*', 'application/json'],
      [`application/yaml, ${PROTOBUF}`, 'application/yaml'],
    ];
    for (const [accept, expected] of cases) {
      const answer = await call('GET', '/api/v1/namespaces/team-a/configmaps', { accept });
      expect(answer.status).toBe(200);
      expect(answer.type).toBe(expected);
    }
    const list = await call('GET', '/api/v1/namespaces/team-a/configmaps', { accept: PROTOBUF });
    const decoded = decodeKubernetesObject(list.body);
    expect(decoded).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMapList', metadata: {} });
    expect((decoded.items as unknown[]).length).toBeGreaterThan(0);
  });

  it('serves Tables in JSON only and custom resources never in protobuf', async () => {
    const table = await call('GET', '/api/v1/namespaces/team-a/pods', {
      accept: `${PROTOBUF};as=Table;g=meta.k8s.io;v=v1, application/json;as=Table;g=meta.k8s.io;v=v1, application/json`,
    });
    expect(table.type).toBe('application/json');
    expect(JSON.parse(table.body.toString()).kind).toBe('Table');
    const widgets = await call('GET', WIDGETS, { accept: `${PROTOBUF}, application/json` });
    expect(widgets.type).toBe('application/json');
    const onlyProtobuf = await call('GET', WIDGETS, { accept: PROTOBUF });
    expect(onlyProtobuf.status).toBe(406);
    expect(JSON.parse(onlyProtobuf.body.toString()).message).toBe(
      'only the following media types are accepted: application/json, application/yaml',
    );
    const pods = await call('GET', '/api/v1/pods', { accept: 'text/html' });
    expect(JSON.parse(pods.body.toString()).message).toBe(
      `only the following media types are accepted: application/json, application/yaml, ${PROTOBUF}`,
    );
  });

  it('creates from a protobuf body and refuses bad ones with 400 or 415, never 500', async () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'from-protobuf' },
      data: { k: 'v' },
    };
    const created = await call(
      'POST',
      '/api/v1/namespaces/team-b/configmaps',
      { 'content-type': PROTOBUF, accept: PROTOBUF },
      encodeKubernetesObject(configMap),
    );
    expect(created.status).toBe(201);
    expect(decodeKubernetesObject(created.body)).toMatchObject({
      ...configMap,
      metadata: { namespace: 'team-b' },
    });

    const garbage = await call(
      'POST',
      '/api/v1/namespaces/team-b/configmaps',
      { 'content-type': PROTOBUF },
      Buffer.from('k8s\0\x0a\xff'),
    );
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body.toString()).message).toBe(
      'unable to decode the protobuf body: truncated varint',
    );
    const notProtobuf = await call(
      'POST',
      '/api/v1/namespaces/team-b/configmaps',
      { 'content-type': PROTOBUF },
      Buffer.from('{}'),
    );
    expect(JSON.parse(notProtobuf.body.toString()).message).toBe(
      'unable to decode the protobuf body: the body does not start with the Kubernetes protobuf magic number',
    );
    // A custom resource has no protobuf form: the envelope names it, the server cannot read it.
    const unknown = codec.encode('k8s.io.apimachinery.pkg.runtime.Unknown', {
      typeMeta: { apiVersion: 'example.com/v1', kind: 'Widget' },
      raw: Buffer.from('{"metadata":{"name":"w"}}'),
    });
    const custom = await call(
      'POST',
      WIDGETS,
      { 'content-type': PROTOBUF },
      Buffer.concat([Buffer.from('k8s\0'), unknown]),
    );
    expect(custom.status).toBe(415);
    expect(JSON.parse(custom.body.toString()).message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    );
  });

  it('streams watch events as length-prefixed WatchEvent messages', async () => {
    const controller = new AbortController();
    const response = await fetch(
      `${cluster.url}/api/v1/namespaces/team-b/configmaps?watch=true&resourceVersion=0`,
      {
        headers: { authorization: `Bearer ${cluster.adminToken}`, accept: `${PROTOBUF}, application/json` },
        signal: controller.signal,
      },
    );
    expect(response.headers.get('content-type')).toBe(`${PROTOBUF};stream=watch`);
    const reader = response.body?.getReader();
    let buffered = Buffer.alloc(0);
    while (buffered.length < 4 || buffered.length < 4 + buffered.readUInt32BE(0)) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) throw new Error('the watch ended before its first event');
      buffered = Buffer.concat([buffered, Buffer.from(chunk.value)]);
    }
    controller.abort();
    const event = codec.decode(
      'k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent',
      buffered.subarray(4, 4 + buffered.readUInt32BE(0)),
    );
    expect(event).toMatchObject({ type: 'ADDED', object: { apiVersion: 'v1', kind: 'ConfigMap' } });
  });
});
