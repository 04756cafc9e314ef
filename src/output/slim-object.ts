import { dropBookkeeping } from './bookkeeping.js';
import { dropDefaults, dropEmpty } from './default-values.js';
import { podSpecsIn, slimPodSpec } from './pod-spec-slimming.js';
import { type JsonRecord, recordAt, recordsIn } from './records.js';
import { JOB_TEMPLATE_SPEC_DEFAULTS, WORKLOAD_SPEC_DEFAULTS } from './workload-defaults.js';

/** Drops, in place, what a reader of this object does not need to understand or change it. */
export function slimObject(object: JsonRecord): void {
  dropBookkeeping(object);
  slimMetadata(recordAt(object, 'metadata'));
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const spec = recordAt(object, 'spec');
  dropDefaults(spec, WORKLOAD_SPEC_DEFAULTS[kind] ?? {});
  if (kind === 'CronJob') dropDefaults(recordAt(spec, 'jobTemplate', 'spec'), JOB_TEMPLATE_SPEC_DEFAULTS);
  for (const template of [recordAt(spec, 'template'), recordAt(spec, 'jobTemplate', 'spec', 'template')]) {
    // Templates carry a `creationTimestamp: null` the server writes into every one.
    dropDefaults(recordAt(template, 'metadata'), { creationTimestamp: null });
    dropEmpty(template, 'metadata');
  }
  for (const podSpec of podSpecsIn(object)) slimPodSpec(podSpec);
  slimStatus(recordAt(object, 'status'), kind);
}

function slimMetadata(metadata: JsonRecord | undefined): void {
  if (!metadata) return;
  for (const field of ['uid', 'resourceVersion', 'selfLink', 'generation']) delete metadata[field];
  for (const owner of recordsIn(metadata, 'ownerReferences')) delete owner.uid;
}

function slimStatus(status: JsonRecord | undefined, kind: string): void {
  if (!status) return;
  for (const condition of recordsIn(status, 'conditions')) {
    dropDefaults(condition, { lastProbeTime: null });
  }
  for (const list of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
    for (const containerStatus of recordsIn(status, list)) {
      // The mounts repeat the pod spec's; lastState is usually empty.
      delete containerStatus.volumeMounts;
      dropEmpty(containerStatus, 'lastState');
    }
  }
  if (kind === 'Node' || Array.isArray(status.images)) {
    // A node lists every image it holds: often most of its size, never what a question is about.
    delete status.images;
    delete status.volumesInUse;
  }
}
