// Namespaces, ConfigMaps, Secrets, ServiceAccounts, PersistentVolumeClaims and ComponentStatuses, as
// printers.go prints them.
import type { KubeObject } from '../types.js';
import { ageColumn, column, nameAndAge, nameColumn, type TablePrinter, wideColumn } from './columns.js';

function countOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return value && typeof value === 'object' ? Object.keys(value).length : 0;
}

interface Namespace extends KubeObject {
  status?: { phase?: string };
}

export const namespacePrinter: TablePrinter = {
  columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  cells(object, now) {
    const [name, age] = nameAndAge(object, now);
    // The API server defaults an unset phase to Active.
    return [name, (object as Namespace).status?.phase ?? 'Active', age];
  },
};

export const configMapPrinter: TablePrinter = {
  columns: [nameColumn, column('Data', 'string', 'Data contains the configuration data.'), ageColumn],
  cells(object, now) {
    const [name, age] = nameAndAge(object, now);
    return [name, countOf(object.data) + countOf(object.binaryData), age];
  },
};

export const secretPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'string', 'Data contains the secret data.'),
    ageColumn,
  ],
  cells(object, now) {
    const [name, age] = nameAndAge(object, now);
    // The API server defaults an unset type to Opaque.
    return [name, (object.type as string | undefined) ?? 'Opaque', countOf(object.data), age];
  },
};

export const serviceAccountPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    ageColumn,
  ],
  cells(object, now) {
    const [name, age] = nameAndAge(object, now);
    return [name, countOf(object.secrets), age];
  },
};

interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    volumeName?: string;
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
  };
  status?: { phase?: string; capacity?: { storage?: string }; accessModes?: string[] };
}

const ACCESS_MODE_ABBREVIATIONS: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** `RWO,RWX`, always in the same order whatever order the object lists them in. */
function accessModes(modes: string[] | undefined): string {
  return ACCESS_MODE_ABBREVIATIONS.filter(([mode]) => modes?.includes(mode))
    .map(([, abbreviation]) => abbreviation)
    .join(',');
}

// The beta annotation still takes precedence over spec.storageClassName.
const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

export const persistentVolumeClaimPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    column(
      'Volume',
      'string',
      'volumeName is the binding reference to the PersistentVolume backing this claim.',
    ),
    column('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    column(
      'Access Modes',
      'string',
      'accessModes contains the actual access modes the volume backing the PVC has.',
    ),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    wideColumn('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.'),
  ],
  cells(object, now) {
    const claim = object as PersistentVolumeClaim;
    const [name, age] = nameAndAge(claim, now);
    const bound = Boolean(claim.spec?.volumeName);
    return [
      name,
      claim.metadata.deletionTimestamp ? 'Terminating' : (claim.status?.phase ?? ''),
      claim.spec?.volumeName ?? '',
      bound ? (claim.status?.capacity?.storage ?? '0') : '',
      bound ? accessModes(claim.status?.accessModes) : '',
      claim.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? claim.spec?.storageClassName ?? '',
      claim.spec?.volumeAttributesClassName ?? '<unset>',
      age,
      claim.spec?.volumeMode ?? '<unset>',
    ];
  },
};

interface ComponentCondition {
  type?: string;
  status?: string;
  message?: string;
  error?: string;
}

/** Healthy or Unhealthy by the Healthy condition, with its message and error; Unknown without one. */
export const componentStatusPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Status', 'string', 'Status of the component conditions'),
    column('Message', 'string', 'Message of the component conditions'),
    column('Error', 'string', 'Error of the component conditions'),
  ],
  cells(object) {
    const conditions = (object.conditions as ComponentCondition[] | undefined) ?? [];
    const healthy = conditions.find((condition) => condition.type === 'Healthy');
    let status = 'Unknown';
    if (healthy) status = healthy.status === 'True' ? 'Healthy' : 'Unhealthy';
    return [object.metadata.name ?? '', status, healthy?.message ?? '', healthy?.error ?? ''];
  },
};
