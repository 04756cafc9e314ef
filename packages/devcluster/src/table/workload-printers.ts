// Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and CronJobs, as printers.go prints them.
import type { KubeObject } from '../types.js';
import {
  ageColumn,
  column,
  nameAndAge,
  nameColumn,
  type TableCell,
  type TablePrinter,
  templateContainerColumns,
  wideColumn,
} from './columns.js';
import {
  type ContainerSpec,
  containerCells,
  formatLabelSelector,
  formatLabels,
  type LabelSelectorSpec,
  labelSelectorText,
} from './format.js';
import { ageSince, humanDuration, parseTimestamp } from './human-duration.js';

interface PodTemplate {
  spec?: { containers?: ContainerSpec[]; nodeSelector?: Record<string, string> };
}

interface Workload extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelectorSpec;
    template?: PodTemplate;
  };
  status?: Record<string, number | undefined>;
}

// The API server defaults an unset spec.replicas to 1.
const DEFAULT_REPLICAS = 1;

function statusCount(workload: Workload, field: string): number {
  return workload.status?.[field] ?? 0;
}

function desiredReplicas(workload: Workload): number {
  return workload.spec?.replicas ?? DEFAULT_REPLICAS;
}

function selectorColumn(description: string) {
  return wideColumn('Selector', 'string', description);
}

export const deploymentPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    ageColumn,
    ...templateContainerColumns,
    selectorColumn('Label selector for pods.'),
  ],
  cells(object, now) {
    const deployment = object as Workload;
    const [name, age] = nameAndAge(deployment, now);
    return [
      name,
      `${statusCount(deployment, 'readyReplicas')}/${desiredReplicas(deployment)}`,
      statusCount(deployment, 'updatedReplicas'),
      statusCount(deployment, 'availableReplicas'),
      age,
      ...containerCells(deployment.spec?.template?.spec?.containers),
      // Unlike the other workloads, an empty selector prints as an empty cell here.
      labelSelectorText(deployment.spec?.selector),
    ];
  },
};

export const replicaSetPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Desired', 'integer', 'Replicas is the number of desired replicas.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    ageColumn,
    ...templateContainerColumns,
    selectorColumn('Selector is a label query over pods that should match the replica count.'),
  ],
  cells(object, now) {
    const replicaSet = object as Workload;
    const [name, age] = nameAndAge(replicaSet, now);
    return [
      name,
      desiredReplicas(replicaSet),
      statusCount(replicaSet, 'replicas'),
      statusCount(replicaSet, 'readyReplicas'),
      age,
      ...containerCells(replicaSet.spec?.template?.spec?.containers),
      formatLabelSelector(replicaSet.spec?.selector),
    ];
  },
};

export const statefulSetPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn,
    ...templateContainerColumns,
  ],
  cells(object, now) {
    const statefulSet = object as Workload;
    const [name, age] = nameAndAge(statefulSet, now);
    return [
      name,
      `${statusCount(statefulSet, 'readyReplicas')}/${desiredReplicas(statefulSet)}`,
      age,
      ...containerCells(statefulSet.spec?.template?.spec?.containers),
    ];
  },
};

export const daemonSetPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column(
      'Desired',
      'integer',
      'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).',
    ),
    column(
      'Current',
      'integer',
      'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
    ),
    column(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    ),
    column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    column(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
    ),
    column(
      'Node Selector',
      'string',
      'NodeSelector is a selector which must be true for the pod to fit on a node.',
    ),
    ageColumn,
    ...templateContainerColumns,
    selectorColumn('A label query over pods that are managed by the daemon set.'),
  ],
  cells(object, now) {
    const daemonSet = object as Workload;
    const [name, age] = nameAndAge(daemonSet, now);
    const template = daemonSet.spec?.template?.spec;
    return [
      name,
      statusCount(daemonSet, 'desiredNumberScheduled'),
      statusCount(daemonSet, 'currentNumberScheduled'),
      statusCount(daemonSet, 'numberReady'),
      statusCount(daemonSet, 'updatedNumberScheduled'),
      statusCount(daemonSet, 'numberAvailable'),
      formatLabels(template?.nodeSelector),
      age,
      ...containerCells(template?.containers),
      formatLabelSelector(daemonSet.spec?.selector),
    ];
  },
};

interface JobSpec {
  completions?: number;
  parallelism?: number;
  selector?: LabelSelectorSpec;
  template?: PodTemplate;
}

interface Job extends KubeObject {
  spec?: JobSpec;
  status?: {
    succeeded?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: { type: string; status: string }[];
  };
}

/** Whether the first condition of this type is True, as printers.go's hasJobCondition. */
function hasJobCondition(job: Job, type: string): boolean {
  return job.status?.conditions?.find((condition) => condition.type === type)?.status === 'True';
}

function jobStatus(job: Job): string {
  if (hasJobCondition(job, 'Complete')) return 'Complete';
  if (hasJobCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(job, 'Suspended')) return 'Suspended';
  if (hasJobCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** `2/3`, or `0/1 of 4` for a work queue job running several pods in parallel. */
function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions;
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Job, now: Date): string {
  const start = parseTimestamp(job.status?.startTime);
  if (!start) return '';
  const end = parseTimestamp(job.status?.completionTime) ?? now;
  return humanDuration(end.getTime() - start.getTime());
}

function jobTemplateCells(spec: JobSpec | undefined): TableCell[] {
  return [...containerCells(spec?.template?.spec?.containers), formatLabelSelector(spec?.selector)];
}

const jobSelectorDescription = 'A label query over pods that should match the pod count.';

export const jobPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn,
    ...templateContainerColumns,
    selectorColumn(jobSelectorDescription),
  ],
  cells(object, now) {
    const job = object as Job;
    const [name, age] = nameAndAge(job, now);
    return [
      name,
      jobStatus(job),
      jobCompletions(job),
      jobDuration(job, now),
      age,
      ...jobTemplateCells(job.spec),
    ];
  },
};

interface CronJob extends KubeObject {
  spec?: { schedule?: string; timeZone?: string; suspend?: boolean; jobTemplate?: { spec?: JobSpec } };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

export const cronJobPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column(
      'Timezone',
      'string',
      'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.',
    ),
    column(
      'Suspend',
      'boolean',
      'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.',
    ),
    column('Active', 'integer', 'A list of pointers to currently running jobs.'),
    column(
      'Last Schedule',
      'string',
      'Information when was the last time the job was successfully scheduled.',
    ),
    ageColumn,
    ...templateContainerColumns,
    selectorColumn(jobSelectorDescription),
  ],
  cells(object, now) {
    const cronJob = object as CronJob;
    const [name, age] = nameAndAge(cronJob, now);
    const lastSchedule = cronJob.status?.lastScheduleTime;
    return [
      name,
      cronJob.spec?.schedule ?? '',
      cronJob.spec?.timeZone ?? '<none>',
      // The API server defaults an unset suspend to false.
      cronJob.spec?.suspend ? 'True' : 'False',
      cronJob.status?.active?.length ?? 0,
      lastSchedule ? ageSince(lastSchedule, now) : '<none>',
      age,
      ...jobTemplateCells(cronJob.spec?.jobTemplate?.spec),
    ];
  },
};
