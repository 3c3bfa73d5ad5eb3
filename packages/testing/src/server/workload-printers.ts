import type { Obj } from '../storage/store';
import {
  age,
  ageColumn,
  column,
  containerCells,
  hasTrueCondition,
  humanDuration,
  int,
  intOrString,
  labelMap,
  list,
  nameColumn,
  podTemplateColumns,
  selectorText,
  since,
  type Printer,
} from './printer-cells';

/**
 * The tables of the workload kinds (deployments, replica sets, stateful sets, daemon sets, jobs,
 * cron jobs) and of the policy, scheduling and coordination kinds kubectl users list
 * (pod disruption budgets, priority classes, leases).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/printers/internalversion/printers.go
 */

const name = (o: Obj): string => String(o.metadata?.name ?? '');

const selectorColumn = column(
  'Selector',
  'Label query over pods that should match the replicas count.',
  { wide: true },
);

/** Containers, Images and Selector of a workload's pod template (`-o wide`). */
function templateCells(o: Obj, selector: unknown = o.spec?.selector): unknown[] {
  return [...containerCells(o.spec?.template), selectorText(selector)];
}

const deploymentPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    ageColumn,
    ...podTemplateColumns,
    selectorColumn,
  ],
  cells: (d, now) => [
    name(d),
    `${int(d.status?.readyReplicas)}/${int(d.spec?.replicas)}`,
    int(d.status?.updatedReplicas),
    int(d.status?.availableReplicas),
    age(d, now),
    ...templateCells(d),
  ],
};

const replicaSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Desired', 'Replicas is the number of desired replicas.', { type: 'integer' }),
    column('Current', 'Replicas is the most recently observed number of replicas.', {
      type: 'integer',
    }),
    column(
      'Ready',
      'readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.',
      { type: 'integer' },
    ),
    ageColumn,
    ...podTemplateColumns,
    selectorColumn,
  ],
  cells: (rs, now) => [
    name(rs),
    int(rs.spec?.replicas),
    int(rs.status?.replicas),
    int(rs.status?.readyReplicas),
    age(rs, now),
    ...templateCells(rs),
  ],
};

const statefulSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'Number of the pod with ready state'),
    ageColumn,
    ...podTemplateColumns,
  ],
  cells: (s, now) => [
    name(s),
    `${int(s.status?.readyReplicas)}/${int(s.spec?.replicas)}`,
    age(s, now),
    ...containerCells(s.spec?.template),
  ],
};

const daemonSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Desired', 'The total number of nodes that should be running the daemon pod.', {
      type: 'integer',
    }),
    column(
      'Current',
      'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
      { type: 'integer' },
    ),
    column(
      'Ready',
      'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.',
      { type: 'integer' },
    ),
    column('Up-to-date', 'The total number of nodes that are running updated daemon pod', {
      type: 'integer',
    }),
    column(
      'Available',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
      { type: 'integer' },
    ),
    column(
      'Node Selector',
      'NodeSelector is a selector which must be true for the pod to fit on a node.',
    ),
    ageColumn,
    ...podTemplateColumns,
    selectorColumn,
  ],
  cells: (ds, now) => [
    name(ds),
    int(ds.status?.desiredNumberScheduled),
    int(ds.status?.currentNumberScheduled),
    int(ds.status?.numberReady),
    int(ds.status?.updatedNumberScheduled),
    int(ds.status?.numberAvailable),
    labelMap(ds.spec?.template?.spec?.nodeSelector),
    age(ds, now),
    ...templateCells(ds),
  ],
};

/** The Status cell of a job: its terminal or transitional condition, else Running. */
function jobStatus(job: Obj): string {
  const conditions = job.status?.conditions;
  if (hasTrueCondition(conditions, 'Complete')) return 'Complete';
  if (hasTrueCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasTrueCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasTrueCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  if (hasTrueCondition(conditions, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/** `succeeded/completions`, or `succeeded/1 [of parallelism]` for a job without completions. */
function jobCompletions(job: Obj): string {
  const succeeded = int(job.status?.succeeded);
  if (typeof job.spec?.completions === 'number') return `${succeeded}/${job.spec.completions}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Obj, now: number): string {
  const start = Date.parse(String(job.status?.startTime ?? ''));
  if (Number.isNaN(start)) return '';
  const end = Date.parse(String(job.status?.completionTime ?? ''));
  return humanDuration((Number.isNaN(end) ? now : end) - start);
}

const jobPrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'Status of the job.'),
    column('Completions', 'The completion status of the job.'),
    column('Duration', 'Time required to complete the job.'),
    ageColumn,
    ...podTemplateColumns,
    selectorColumn,
  ],
  cells: (job, now) => [
    name(job),
    jobStatus(job),
    jobCompletions(job),
    jobDuration(job, now),
    age(job, now),
    ...templateCells(job),
  ],
};

const cronJobPrinter: Printer = {
  columns: [
    nameColumn,
    column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column('Timezone', 'The time zone name for the given schedule.'),
    column('Suspend', 'This flag tells the controller to suspend subsequent executions.', {
      type: 'boolean',
    }),
    column('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
    column(
      'Last Schedule',
      'Information when was the last time the job was successfully scheduled.',
    ),
    ageColumn,
    ...podTemplateColumns,
    selectorColumn,
  ],
  cells(cj, now) {
    const jobSpec: Obj = cj.spec?.jobTemplate?.spec ?? {};
    const suspend = cj.spec?.suspend;
    return [
      name(cj),
      String(cj.spec?.schedule ?? ''),
      String(cj.spec?.timeZone ?? '<none>'),
      typeof suspend === 'boolean' ? (suspend ? 'True' : 'False') : '<unset>',
      list(cj.status?.active).length,
      cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, now) : '<none>',
      age(cj, now),
      ...containerCells(jobSpec.template),
      selectorText(jobSpec.selector),
    ];
  },
};

const pdbPrinter: Printer = {
  columns: [
    nameColumn,
    column('Min Available', 'The minimum number of pods that must be available simultaneously.'),
    column('Max Unavailable', 'The maximum number of pods that may be unavailable simultaneously.'),
    column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', {
      type: 'integer',
    }),
    ageColumn,
  ],
  cells: (pdb, now) => [
    name(pdb),
    intOrString(pdb.spec?.minAvailable),
    intOrString(pdb.spec?.maxUnavailable),
    int(pdb.status?.disruptionsAllowed),
    age(pdb, now),
  ],
};

const priorityClassPrinter: Printer = {
  columns: [
    nameColumn,
    column('Value', 'The value of this priority class.', { type: 'integer' }),
    column(
      'Global-Default',
      'globalDefault specifies whether this PriorityClass should be considered as the default priority.',
      { type: 'boolean' },
    ),
    ageColumn,
    column(
      'PreemptionPolicy',
      'PreemptionPolicy is the Policy for preempting pods with lower priority.',
    ),
  ],
  cells: (pc, now) => [
    name(pc),
    int(pc.value),
    pc.globalDefault === true,
    age(pc, now),
    String(pc.preemptionPolicy ?? ''),
  ],
};

const leasePrinter: Printer = {
  columns: [
    nameColumn,
    column('Holder', 'holderIdentity contains the identity of the holder of a current lease.'),
    ageColumn,
  ],
  cells: (lease, now) => [name(lease), String(lease.spec?.holderIdentity ?? ''), age(lease, now)],
};

/** Printers of the apps, batch, policy, scheduling and coordination groups, by `group/resource`. */
export const workloadPrinters: Record<string, Printer> = {
  'apps/deployments': deploymentPrinter,
  'apps/replicasets': replicaSetPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'apps/daemonsets': daemonSetPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'policy/poddisruptionbudgets': pdbPrinter,
  'scheduling.k8s.io/priorityclasses': priorityClassPrinter,
  'coordination.k8s.io/leases': leasePrinter,
};
