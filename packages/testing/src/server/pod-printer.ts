import type { Obj } from '../storage/store';
import {
  ageColumn,
  column,
  hasTrueCondition,
  list,
  nameColumn,
  since,
  type Printer,
  type RowCondition,
} from './printer-cells';

/**
 * The pod table (`kubectl get pods`): readiness, the status kubectl users know
 * (`CrashLoopBackOff`, `Init:1/2`, `Completed`, `Terminating`, ...) rather than the bare phase,
 * restarts with the time since the last one, and with `-o wide` the IP, node, nominated node and
 * readiness gates. Pods that ran to completion carry a `Completed` row condition.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/printers/internalversion/printers.go (printPod)
 */

interface Tally {
  restarts: number;
  /** Epoch ms of the latest last-termination seen; 0 for none. */
  lastRestart: number;
}

function countRestart(tally: Tally, status: Obj): void {
  tally.restarts += typeof status.restartCount === 'number' ? status.restartCount : 0;
  const finished = Date.parse(String(status.lastState?.terminated?.finishedAt ?? ''));
  if (!Number.isNaN(finished) && finished > tally.lastRestart) tally.lastRestart = finished;
}

function exitText(terminated: Obj, prefix: string): string {
  if (terminated.reason) return `${prefix}${String(terminated.reason)}`;
  return terminated.signal
    ? `${prefix}Signal:${String(terminated.signal)}`
    : `${prefix}ExitCode:${String(terminated.exitCode ?? 0)}`;
}

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: string;
}

function summarize(pod: Obj, now: number): PodSummary {
  const spec: Obj = pod.spec ?? {};
  const status: Obj = pod.status ?? {};
  const initSpecs = new Map(list(spec.initContainers).map((c) => [c.name, c]));
  const sidecar = (name: unknown): boolean => initSpecs.get(name)?.restartPolicy === 'Always';
  const total =
    list(spec.containers).length + [...initSpecs.values()].filter((c) => sidecar(c.name)).length;
  let ready = 0;
  let reason = String(status.reason || status.phase || '');
  if (
    list(status.conditions).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')
  )
    reason = 'SchedulingGated';

  const all: Tally = { restarts: 0, lastRestart: 0 };
  const sidecars: Tally = { restarts: 0, lastRestart: 0 };
  let initializing = false;
  const inits = list(status.initContainerStatuses);
  for (const [i, c] of inits.entries()) {
    countRestart(all, c);
    if (sidecar(c.name)) countRestart(sidecars, c);
    const state: Obj = c.state ?? {};
    if (state.terminated && (state.terminated.exitCode ?? 0) === 0) continue;
    if (sidecar(c.name) && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (state.terminated) reason = exitText(state.terminated, 'Init:');
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing')
      reason = `Init:${String(state.waiting.reason)}`;
    else reason = `Init:${i}/${initSpecs.size}`;
    initializing = true;
    break;
  }

  let tally = all;
  if (!initializing || hasTrueCondition(status.conditions, 'Initialized')) {
    tally = sidecars;
    let hasRunning = false;
    for (const c of [...list(status.containerStatuses)].reverse()) {
      countRestart(tally, c);
      const state: Obj = c.state ?? {};
      if (state.waiting?.reason) reason = String(state.waiting.reason);
      else if (state.terminated) reason = exitText(state.terminated, '');
      else if (c.ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning)
      reason = hasTrueCondition(status.conditions, 'Ready') ? 'Running' : 'NotReady';
  }
  if (pod.metadata?.deletionTimestamp) {
    if (status.reason === 'NodeLost') reason = 'Unknown';
    else if (status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  }
  const restarts =
    tally.restarts !== 0 && tally.lastRestart
      ? `${tally.restarts} (${since(new Date(tally.lastRestart).toISOString(), now)} ago)`
      : String(tally.restarts);
  return { ready, total, reason, restarts };
}

function readinessGates(pod: Obj): string {
  const gates = list(pod.spec?.readinessGates);
  if (!gates.length) return '<none>';
  const conditions = list(pod.status?.conditions);
  const met = gates.filter(
    (g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True',
  ).length;
  return `${met}/${gates.length}`;
}

const completed: Record<string, RowCondition[]> = {
  Succeeded: [
    {
      type: 'Completed',
      status: 'True',
      reason: 'Succeeded',
      message: 'The pod has completed successfully.',
    },
  ],
  Failed: [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }],
};

/** The pod table. */
export const podPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    column('IP', 'IP address allocated to the pod. Routable at least within the cluster.', {
      wide: true,
    }),
    column('Node', 'NodeName is a request to schedule this pod onto a specific node.', {
      wide: true,
    }),
    column(
      'Nominated Node',
      'nominatedNodeName is set when this pod preempts other pods on the node.',
      { wide: true },
    ),
    column(
      'Readiness Gates',
      'If specified, all readiness gates will be evaluated for pod readiness.',
      { wide: true },
    ),
  ],
  cells(pod, now) {
    const { ready, total, reason, restarts } = summarize(pod, now);
    return [
      pod.metadata?.name ?? '',
      `${ready}/${total}`,
      reason,
      restarts,
      since(pod.metadata?.creationTimestamp, now),
      String(list(pod.status?.podIPs)[0]?.ip || '<none>'),
      String(pod.spec?.nodeName || '<none>'),
      String(pod.status?.nominatedNodeName || '<none>'),
      readinessGates(pod),
    ];
  },
  conditions: (pod) => completed[String(pod.status?.phase)],
};
