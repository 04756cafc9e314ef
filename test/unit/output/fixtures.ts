import type { KubeObject, KubeTable } from '../../../src/k8s/kube-object.js';

export const SECRET_BASE64 = 'c3VwZXJzZWNyZXQ='; // "supersecret"
export const SECRET_PLAIN = 'supersecret';
export const STRING_DATA_PLAIN = 'hunter2-plaintext';

/** A Secret as kubectl apply leaves it: values in data, stringData and the last-applied annotation. */
export function secret(name = 'api-credentials'): KubeObject {
  const applied = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'team-a' },
    data: { password: SECRET_BASE64 },
    stringData: { token: STRING_DATA_PLAIN },
  };
  return {
    ...structuredClone(applied),
    metadata: {
      name,
      namespace: 'team-a',
      uid: '0b7c-uid',
      resourceVersion: '55',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(applied)}\n` },
      managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:data': { 'f:password': {} } } }],
    },
    type: 'Opaque',
  };
}

/** The strings that must never appear in any output. */
export const SECRET_VALUES = [SECRET_BASE64, SECRET_PLAIN, STRING_DATA_PLAIN];

export function podTable(): KubeTable {
  return {
    kind: 'Table',
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', priority: 0 },
      { name: 'Ready', type: 'string', priority: 0 },
      { name: 'Restarts', type: 'integer', priority: 0 },
      { name: 'Age', type: 'string', priority: 0 },
      { name: 'Node', type: 'string', priority: 1 },
    ],
    rows: [
      {
        cells: ['web-1', '1/1', 0, '3d', 'worker-1'],
        object: { kind: 'PartialObjectMetadata', metadata: { name: 'web-1', namespace: 'team-a' } },
      },
      {
        cells: ['database-primary-0', '0/1', 12, '5m', null],
        object: { kind: 'PartialObjectMetadata', metadata: { name: 'database-primary-0', namespace: 'b' } },
      },
    ],
  };
}
