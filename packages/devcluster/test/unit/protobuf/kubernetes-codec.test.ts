import { describe, expect, it } from 'vitest';
import type { MessageTable } from '../../../src/protobuf/descriptors.js';
import kubernetesMessages from '../../../src/protobuf/generated/kubernetes-messages.json' with {
  type: 'json',
};
import {
  decodeKubernetesObject,
  encodeKubernetesObject,
  encodeWatchFrame,
  hasProtobufSchema,
  MissingSchemaError,
  ProtobufError,
} from '../../../src/protobuf/index.js';
import { MessageCodec, UnknownFieldError } from '../../../src/protobuf/message-codec.js';
import { defaultSeed } from '../../../src/seed/default-seed.js';
import type { KubeObject } from '../../../src/types.js';

const seed = defaultSeed(new Date('2026-03-10T12:00:00Z'));

function seedObject(kind: string, name?: string): KubeObject {
  const object = seed.find(
    (item) => item.kind === kind && (name === undefined || item.metadata.name === name),
  );
  if (!object) throw new Error(`the seed has no ${kind} ${name ?? ''}`);
  return object;
}

function roundTrip(object: object): Record<string, unknown> {
  return decodeKubernetesObject(encodeKubernetesObject(object as Record<string, unknown>));
}

/**
 * The object as a Go client holds it after decoding: an empty string, map or list is the same
 * as none, and an embedded object's apiVersion and kind (a StatefulSet's claim templates) have
 * no protobuf field.
 */
function asGoHoldsIt(value: unknown, nested = false): unknown {
  if (Array.isArray(value)) return value.map((item) => asGoHoldsIt(item, true));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value)
    .filter(([key]) => !(nested && (key === 'apiVersion' || key === 'kind')))
    .map(([key, item]) => [key, asGoHoldsIt(item, true)] as const)
    .filter(([, item]) => item !== '' && !(Array.isArray(item) && item.length === 0))
    .filter(([, item]) => !(item !== null && typeof item === 'object' && Object.keys(item).length === 0));
  return Object.fromEntries(entries);
}

describe('Kubernetes protobuf objects', () => {
  it.each(['Pod', 'Deployment', 'Secret', 'Service', 'ConfigMap', 'Job'])(
    'round-trips a %s of the seed exactly (JSON -> protobuf -> JSON)',
    (kind) => {
      const object = seedObject(kind);
      expect(roundTrip(object)).toEqual(object);
    },
  );

  it.each(['Node', 'StatefulSet', 'CronJob', 'Event'])(
    'round-trips a %s of the seed as Go holds it',
    (kind) => {
      const object = seedObject(kind);
      expect(roundTrip(object)).not.toEqual(object);
      expect(asGoHoldsIt(roundTrip(object))).toEqual(asGoHoldsIt(object));
    },
  );

  it('round-trips every object of the default seed that has a schema', () => {
    const withSchema = seed.filter((object) => hasProtobufSchema(object.apiVersion, object.kind));
    expect(withSchema.length).toBeGreaterThan(50);
    for (const object of withSchema) {
      const once = roundTrip(object);
      expect(asGoHoldsIt(once)).toEqual(asGoHoldsIt(object));
      expect(roundTrip(once)).toEqual(once);
    }
  });

  it('round-trips a Status with its details and causes', () => {
    const status = {
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Failure',
      message: 'Deployment.apps "web" is invalid',
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        causes: [{ reason: 'FieldValueRequired', field: 'spec.selector' }],
      },
      code: 422,
    };
    expect(roundTrip(status)).toEqual(status);
  });

  it('round-trips a list with its continue token and items', () => {
    const pods = seed.filter((object) => object.kind === 'Pod' && object.metadata.namespace === 'team-a');
    const list = {
      apiVersion: 'v1',
      kind: 'PodList',
      metadata: { resourceVersion: '42', continue: 'abc', remainingItemCount: 7 },
      items: pods.map(({ apiVersion: _apiVersion, kind: _kind, ...item }) => item),
    };
    expect(roundTrip(list)).toEqual(list);
  });

  it('keeps the special forms: times, quantities, int-or-strings, fields and raw extensions', () => {
    const object = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: 'r',
        creationTimestamp: '1999-12-31T23:59:59Z',
        managedFields: [
          { manager: 'm', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } },
        ],
      },
      data: { spec: { template: { spec: { containers: [{ name: 'c' }] } } }, numbers: [1, 2.5] },
      revision: 3,
    };
    expect(roundTrip(object)).toEqual(object);
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: {
        ports: [
          { port: 80, targetPort: 'http' },
          { port: 443, targetPort: 8443 },
        ],
      },
    };
    expect(roundTrip(service)).toEqual(service);
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e' },
      involvedObject: { kind: 'Pod', name: 'p' },
      eventTime: '2026-03-10T12:00:00.123456Z',
      count: -1,
    };
    expect(roundTrip(event)).toEqual(event);
    const quota = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'q' },
      spec: { hard: { cpu: '1500m', 'requests.memory': '1Gi', pods: 10 } },
    };
    expect(roundTrip(quota)).toEqual({ ...quota, spec: { hard: { ...quota.spec.hard, pods: '10' } } });
  });

  it('writes the envelope client-go reads: magic, then runtime.Unknown with apiVersion and kind', () => {
    const bytes = encodeKubernetesObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    // k8s\0, Unknown.typeMeta (field 1) = { apiVersion (1): "v1", kind (2): "ConfigMap" }
    expect(bytes.subarray(0, 19)).toEqual(
      Buffer.from([
        0x6b,
        0x38,
        0x73,
        0x00,
        0x0a,
        0x0f,
        0x0a,
        0x02,
        0x76,
        0x31,
        0x12,
        0x09,
        ...Buffer.from('ConfigM'),
      ]),
    );
  });

  it('frames watch events with a big-endian length and embeds the whole object', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque' };
    const frame = encodeWatchFrame('ADDED', secret);
    expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
    const codec = new MessageCodec(
      (kubernetesMessages as unknown as { messages: MessageTable }).messages,
      decodeKubernetesObject,
    );
    expect(codec.decode('k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent', frame.subarray(4))).toEqual({
      type: 'ADDED',
      object: secret,
    });
  });

  it('refuses kinds without a schema and fields the schema lacks, rather than losing data', () => {
    expect(() =>
      encodeKubernetesObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: {} }),
    ).toThrow(MissingSchemaError);
    expect(() =>
      encodeKubernetesObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', colour: 'red' } }),
    ).toThrow(new UnknownFieldError('.metadata.colour not in the schema'));
    expect(() =>
      encodeKubernetesObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 7 } }),
    ).toThrow('.metadata.name is not a string');
  });

  it('rejects bytes that are not a Kubernetes protobuf object with a clear error', () => {
    const valid = encodeKubernetesObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    const cases: [Buffer, string][] = [
      [
        Buffer.from('{"kind":"ConfigMap"}'),
        'the body does not start with the Kubernetes protobuf magic number',
      ],
      [Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x05, 0x0a]), 'field runs past the end of the message'],
      [Buffer.concat([valid.subarray(0, 4), Buffer.from([0x0a, 0xff])]), 'truncated varint'],
      [Buffer.concat([valid.subarray(0, 4), Buffer.from([0x0b])]), 'unsupported wire type 3 for field 1'],
      [Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x02, 0x12, 0x00]), 'no protobuf schema for /'],
    ];
    for (const [bytes, message] of cases) {
      expect(() => decodeKubernetesObject(bytes)).toThrow(ProtobufError);
      expect(() => decodeKubernetesObject(bytes)).toThrow(message);
    }
  });
});
