import type { JsonRecord } from './records.js';

const ROLLING_UPDATE = 'RollingUpdate';

// Spec fields each workload kind gets from the API server when the manifest leaves them out.
const DEPLOYMENT: JsonRecord = {
  progressDeadlineSeconds: 600,
  revisionHistoryLimit: 10,
  strategy: { type: ROLLING_UPDATE, rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
};

const STATEFUL_SET: JsonRecord = {
  podManagementPolicy: 'OrderedReady',
  revisionHistoryLimit: 10,
  updateStrategy: { type: ROLLING_UPDATE, rollingUpdate: { partition: 0 } },
  persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
};

const DAEMON_SET: JsonRecord = {
  revisionHistoryLimit: 10,
  updateStrategy: { type: ROLLING_UPDATE, rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
};

const JOB: JsonRecord = {
  backoffLimit: 6,
  completionMode: 'NonIndexed',
  podReplacementPolicy: 'TerminatingOrFailed',
  suspend: false,
};

const CRON_JOB: JsonRecord = {
  concurrencyPolicy: 'Allow',
  failedJobsHistoryLimit: 1,
  successfulJobsHistoryLimit: 3,
  suspend: false,
};

/** The defaulted spec fields of a workload kind, keyed by kind. */
export const WORKLOAD_SPEC_DEFAULTS: Record<string, JsonRecord> = {
  Deployment: DEPLOYMENT,
  StatefulSet: STATEFUL_SET,
  DaemonSet: DAEMON_SET,
  Job: JOB,
  CronJob: CRON_JOB,
};

/** A CronJob's job template is defaulted like a Job. */
export const JOB_TEMPLATE_SPEC_DEFAULTS = JOB;
