// PersistentVolumeClaims, PersistentVolumes and StorageClasses, as printers.go prints them.
import type { KubeObject } from '../types.js';
import { isDefaultClass, type StorageClass } from '../volumes/storage-classes.js';
import { ageColumn, column, nameAndAge, nameColumn, type TablePrinter, wideColumn } from './columns.js';

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

interface PersistentVolume extends KubeObject {
  spec?: {
    capacity?: { storage?: string };
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { namespace?: string; name?: string };
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
  };
  status?: { phase?: string; reason?: string };
}

export const persistentVolumePrinter: TablePrinter = {
  columns: [
    nameColumn,
    column(
      'Capacity',
      'string',
      "capacity is the description of the persistent volume's resources and capacity.",
    ),
    column('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    column(
      'Reclaim Policy',
      'string',
      'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.',
    ),
    column(
      'Status',
      'string',
      'phase indicates if a volume is available, bound to a claim, or released by a claim.',
    ),
    column(
      'Claim',
      'string',
      'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.',
    ),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column(
      'Reason',
      'string',
      'reason contains a human readable message indicating details about why the volume is in this state.',
    ),
    ageColumn,
    wideColumn(
      'VolumeMode',
      'string',
      'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.',
    ),
  ],
  cells(object, now) {
    const volume = object as PersistentVolume;
    const [name, age] = nameAndAge(volume, now);
    const claim = volume.spec?.claimRef;
    return [
      name,
      volume.spec?.capacity?.storage ?? '',
      accessModes(volume.spec?.accessModes),
      volume.spec?.persistentVolumeReclaimPolicy ?? '',
      volume.metadata.deletionTimestamp ? 'Terminating' : (volume.status?.phase ?? ''),
      claim ? `${claim.namespace ?? ''}/${claim.name ?? ''}` : '',
      volume.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? volume.spec?.storageClassName ?? '',
      volume.spec?.volumeAttributesClassName ?? '<unset>',
      volume.status?.reason ?? '',
      age,
      volume.spec?.volumeMode ?? '<unset>',
    ];
  },
};

/** The default class's name reads `standard (default)`, as kubectl shows it. */
export const storageClassPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Provisioner', 'string', 'Indicates the type of the provisioner.'),
    column('ReclaimPolicy', 'string', 'Indicates the type of the reclaim policy.'),
    column('VolumeBindingMode', 'string', 'Indicates the binding mode of the volume.'),
    column('AllowVolumeExpansion', 'string', 'Indicates whether the storage class allows volume expansion.'),
    ageColumn,
  ],
  cells(object, now) {
    const [name, age] = nameAndAge(object, now);
    const storageClass = object as StorageClass;
    return [
      isDefaultClass(object) ? `${name} (default)` : name,
      storageClass.provisioner ?? '',
      storageClass.reclaimPolicy ?? 'Delete',
      storageClass.volumeBindingMode ?? 'Immediate',
      storageClass.allowVolumeExpansion ?? false,
      age,
    ];
  },
};
