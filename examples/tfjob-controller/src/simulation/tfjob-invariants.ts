import type { coreV1 } from '@kubekit/clientset';
import type { SimulationInvariant } from '@kubekit/testing';
import { ConditionType, Labels } from '../apis/constants';
import type { TFJob } from '../generated/kubeflow.org/v1';
import { parseIndexes } from '../tensorflow/completed-indexes';

const tfJobs = { group: 'kubeflow.org', resource: 'tfjobs' };
const pods = { resource: 'pods' };

const isTrue = (job: TFJob, type: string): boolean =>
  !!job.status?.conditions?.some((c) => c.type === type && c.status === 'True');

/** `<namespace>/<job>/<type>/<index>` of a pod of a job, from its labels. */
function replicaOf(pod: coreV1.Pod): string | undefined {
  const l = pod.metadata?.labels ?? {};
  const job = l[Labels.jobName];
  const type = l[Labels.replicaType];
  const index = l[Labels.replicaIndex];
  if (job === undefined || type === undefined || index === undefined) return undefined;
  return `${pod.metadata?.namespace}/${job}/${type.toLowerCase()}/${index}`;
}

/** A pod that is (or will be) running: not finished, not being deleted. */
const isActive = (pod: coreV1.Pod): boolean =>
  !pod.metadata?.deletionTimestamp &&
  pod.status?.phase !== 'Succeeded' &&
  pod.status?.phase !== 'Failed';

/**
 * The TFJob controller's invariants (fresh state per run):
 * - never two active pods for one replica index;
 * - never both Succeeded and Failed;
 * - status agrees with the pods: an index in `completedIndexes`, and every worker (or the chief)
 *   (worker 0, or every worker with AllWorkers) of a Succeeded job, had a pod that succeeded;
 * - at quiescence every job is Succeeded or Failed, and no pod outlives its deleted job.
 */
export function tfJobInvariants(): SimulationInvariant[] {
  /** Replicas some pod of which reached Succeeded. */
  const succeeded = new Set<string>();
  const succeededAgree: SimulationInvariant = {
    name: 'status agrees with the pods',
    observe(change) {
      if (change.resource !== 'pods' || change.type === 'DELETED') return;
      const pod = change.object as coreV1.Pod;
      const replica = replicaOf(pod);
      if (replica && pod.status?.phase === 'Succeeded') succeeded.add(replica);
    },
    check(view) {
      const out: string[] = [];
      for (const job of view.list<TFJob>(tfJobs)) {
        const prefix = `${job.metadata!.namespace}/${job.metadata!.name}`;
        const specs = job.spec?.tfReplicaSpecs ?? {};
        for (const [type, status] of Object.entries(job.status?.replicaStatuses ?? {})) {
          const done = parseIndexes((status as { completedIndexes?: string }).completedIndexes);
          for (const [first, last] of done)
            for (let i = first; i <= last; i++)
              if (!succeeded.has(`${prefix}/${type.toLowerCase()}/${i}`))
                out.push(
                  `${prefix}: ${type} index ${i} is in completedIndexes but no pod of it succeeded`,
                );
        }
        if (!isTrue(job, ConditionType.Succeeded)) continue;
        const chief = ['Chief', 'Master'].find((t) => t in specs);
        // upstream's success policy: the chief, else worker 0 ("") or every worker (AllWorkers)
        const workers =
          job.spec?.successPolicy === 'AllWorkers' ? (specs['Worker']?.replicas ?? 0) : 1;
        const needed = chief
          ? [[chief.toLowerCase(), 0] as const]
          : Array.from({ length: workers }, (_, i) => ['worker', i] as const);
        for (const [type, i] of needed)
          if (!succeeded.has(`${prefix}/${type}/${i}`))
            out.push(`${prefix} is Succeeded but ${type} ${i} never succeeded`);
      }
      return out;
    },
  };
  return [
    {
      name: 'never two pods for one replica index',
      check(view) {
        const seen = new Map<string, string>();
        const out: string[] = [];
        for (const pod of view.list<coreV1.Pod>(pods)) {
          const replica = replicaOf(pod);
          if (!replica || !isActive(pod)) continue;
          const other = seen.get(replica);
          if (other) out.push(`${replica} has active pods ${other} and ${pod.metadata!.name}`);
          seen.set(replica, pod.metadata!.name!);
        }
        return out;
      },
    },
    {
      name: 'never both Succeeded and Failed',
      check: (view) =>
        view
          .list<TFJob>(tfJobs)
          .filter((j) => isTrue(j, ConditionType.Succeeded) && isTrue(j, ConditionType.Failed))
          .map((j) => `${j.metadata!.name} is Succeeded and Failed`),
    },
    succeededAgree,
    {
      name: 'a deleted job leaves no pods',
      when: 'quiescence',
      check(view) {
        const uids = new Set(view.list<TFJob>(tfJobs).map((j) => j.metadata!.uid));
        return view
          .list<coreV1.Pod>(pods)
          .filter((p) =>
            p.metadata?.ownerReferences?.some((r) => r.kind === 'TFJob' && !uids.has(r.uid)),
          )
          .map((p) => `${p.metadata!.name} outlived its job`);
      },
    },
    {
      name: 'every job reaches a terminal state',
      when: 'quiescence',
      check: (view) =>
        view
          .list<TFJob>(tfJobs)
          .filter((j) => !isTrue(j, ConditionType.Succeeded) && !isTrue(j, ConditionType.Failed))
          .map(
            (j) =>
              `${j.metadata!.name} is not finished: ${(j.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(',')}`,
          ),
    },
  ];
}
