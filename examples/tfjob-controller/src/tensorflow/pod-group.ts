import {
  isNotFound,
  newControllerRef,
  type GroupVersionResource,
  type KubeObject,
} from '@kubekit/apimachinery';
import { DiscoveryClient, type RESTClient, type DynamicResourceClient } from '@kubekit/rest';
import type { coreV1 } from '@kubekit/clientset';
import type { TFJob, TFJobSpecTfReplicaSpec } from '../generated/kubeflow.org/v1';
import { TFJobGvk } from '../apis/constants';

/** A PodGroup of either flavour (only the fields the controller writes). */
export interface PodGroup extends KubeObject {
  spec?: {
    minMember?: number;
    queue?: string;
    priorityClassName?: string;
    minResources?: Record<string, string>;
    scheduleTimeoutSeconds?: number;
  };
  /** Set by the scheduler; volcano's `phase` is Pending until the group is admitted (Inqueue). */
  status?: { phase?: string };
}

/**
 * The gang scheduler of `--gang-scheduler-name`: `volcano` uses Volcano's
 * `scheduling.volcano.sh/v1beta1` PodGroups, any other name the scheduler-plugins
 * coscheduling `scheduling.x-k8s.io/v1alpha1` PodGroups.
 */
export interface GangScheduler {
  /** The pods' `spec.schedulerName`. */
  schedulerName: string;
  flavour: 'volcano' | 'scheduler-plugins';
  /** Where the PodGroups live. */
  resource: GroupVersionResource;
}

/** The {@link GangScheduler} of a `--gang-scheduler-name` value. */
export function gangSchedulerFor(schedulerName: string): GangScheduler {
  return schedulerName === 'volcano'
    ? {
        schedulerName,
        flavour: 'volcano',
        resource: { group: 'scheduling.volcano.sh', version: 'v1beta1', resource: 'podgroups' },
      }
    : {
        schedulerName,
        flavour: 'scheduler-plugins',
        resource: { group: 'scheduling.x-k8s.io', version: 'v1alpha1', resource: 'podgroups' },
      };
}

/**
 * Whether the server serves the PodGroup resource of `gang` (its CRD is installed), asked
 * through discovery: a 404 for the group-version or a list without `podgroups` is `false`;
 * other errors are thrown. Check it once at start-up before registering a PodGroup watch: an
 * informer of an unserved resource never syncs.
 */
export async function podGroupsServed(
  rest: RESTClient,
  gang: GangScheduler,
  options: { signal?: AbortSignal } = {},
): Promise<boolean> {
  const { group, version, resource } = gang.resource;
  try {
    const list = await new DiscoveryClient(rest).serverResourcesForGroupVersion(
      { group, version },
      options,
    );
    return list.resources.some((r) => r.name === resource);
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** The pod annotation (volcano) or label (scheduler-plugins) naming a pod's group. */
export const PodGroupKeys = {
  volcano: 'scheduling.k8s.io/group-name',
  'scheduler-plugins': 'scheduling.x-k8s.io/pod-group',
} as const;

/** Volcano's pod annotation naming the pod's task (the replica type, lower-case). */
export const VolcanoTaskSpecKey = 'volcano.sh/task-spec';

/**
 * Points a replica pod of `replicaType` at the job's PodGroup: the group annotation plus the
 * {@link VolcanoTaskSpecKey} annotation (volcano) or the group label (scheduler-plugins), and
 * the gang scheduler's name unless the template names a scheduler
 * (a user-set `schedulerName` is kept, as upstream's). The PodGroup is named after the job.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/common/pod.go (DecoratePodTemplateSpec)
 */
export function decoratePod(
  pod: coreV1.Pod,
  job: TFJob,
  gang: GangScheduler,
  replicaType: string,
): coreV1.Pod {
  const meta = (pod.metadata ??= {});
  const group = { [PodGroupKeys[gang.flavour]]: job.metadata!.name! };
  if (gang.flavour === 'volcano')
    meta.annotations = {
      ...meta.annotations,
      ...group,
      [VolcanoTaskSpecKey]: replicaType.toLowerCase(),
    };
  else meta.labels = { ...meta.labels, ...group };
  if (pod.spec && !pod.spec.schedulerName) pod.spec.schedulerName = gang.schedulerName;
  return pod;
}

/** The pod spec of a replica's template. */
export function templateSpec(spec: TFJobSpecTfReplicaSpec): coreV1.PodSpec | undefined {
  return spec.template?.spec as coreV1.PodSpec | undefined;
}

/**
 * Whether pod creation waits for the PodGroup (upstream's DelayPodCreationDueToPodGroup):
 * for volcano while the group has no phase yet or is `Pending` (not admitted to its queue);
 * never for scheduler-plugins, whose coscheduling plugin holds the pods itself.
 */
export function delayPodCreation(podGroup: PodGroup, gang: GangScheduler): boolean {
  if (gang.flavour !== 'volcano') return false;
  const phase = podGroup.status?.phase;
  return !phase || phase === 'Pending';
}

/**
 * The job's desired PodGroup: `minMember` is `schedulingPolicy.minAvailable` or all replicas;
 * `minResources` is `schedulingPolicy.minResources` or the requests (limits where a request
 * is missing) of the first `minMember` replicas, replica types ordered by the value of their
 * pod template's PriorityClass, highest first (`priorityClassValues`; an unknown or unset
 * class counts 0, ties keep replica-type order); `queue` and `priorityClassName` are written
 * for volcano only (scheduler-plugins has neither), `scheduleTimeoutSeconds` for
 * scheduler-plugins only (volcano has none).
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/common/job.go (ReconcileJobs, calcPGMinResources)
 */
export function newPodGroup(
  job: TFJob,
  gang: GangScheduler,
  priorityClassValues: ReadonlyMap<string, number> = new Map(),
): PodGroup {
  const policy = job.spec?.runPolicy?.schedulingPolicy ?? {};
  const priority = (s: TFJobSpecTfReplicaSpec) =>
    priorityClassValues.get(templateSpec(s)?.priorityClassName ?? '') ?? 0;
  const specs = Object.values(job.spec?.tfReplicaSpecs ?? {})
    .flatMap((s) => (s ? [s] : []))
    .sort((a, b) => priority(b) - priority(a));
  const total = specs.reduce((n, s) => n + (s.replicas ?? 1), 0);
  const minMember = policy.minAvailable ?? total;
  const minResources = policy.minResources
    ? Object.fromEntries(Object.entries(policy.minResources).map(([k, v]) => [k, String(v)]))
    : sumRequests(
        specs.flatMap((s) => Array.from({ length: s.replicas ?? 1 }, () => s.template?.spec)),
        minMember,
      );
  const { group, version } = gang.resource;
  return {
    apiVersion: `${group}/${version}`,
    kind: 'PodGroup',
    metadata: {
      name: job.metadata!.name!,
      namespace: job.metadata!.namespace,
      ownerReferences: [newControllerRef(job, TFJobGvk)],
    },
    spec: {
      minMember,
      ...(gang.flavour === 'volcano' && policy.queue ? { queue: policy.queue } : {}),
      ...(gang.flavour === 'volcano' && policy.priorityClass
        ? { priorityClassName: policy.priorityClass }
        : {}),
      ...(Object.keys(minResources).length > 0 ? { minResources } : {}),
      ...(gang.flavour === 'scheduler-plugins' && policy.scheduleTimeoutSeconds !== undefined
        ? { scheduleTimeoutSeconds: policy.scheduleTimeoutSeconds }
        : {}),
    },
  };
}

/** A PriorityClass (only the field the controller reads). */
export interface PriorityClass extends KubeObject {
  value?: number;
}

/**
 * The `value` of each named PriorityClass (cluster-scoped `scheduling.k8s.io/v1`); a class
 * that cannot be read is left out (it counts 0), as upstream ignores it with a warning.
 */
export async function priorityClassValues(
  client: DynamicResourceClient<PriorityClass>,
  names: Iterable<string>,
  signal: AbortSignal,
): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  for (const name of new Set(names)) {
    const pc = await client.get(name, { signal }).catch(() => undefined);
    if (typeof pc?.value === 'number') values.set(name, pc.value);
  }
  return values;
}

/** What {@link syncPodGroup} reports, with the PodGroup as the server last returned it. */
export type PodGroupSync =
  | { result: 'created' | 'updated' | 'unchanged'; podGroup: PodGroup }
  | { result: 'unavailable'; podGroup?: undefined };

/**
 * Creates the PodGroup or brings the fields of `desired.spec` to their values. `unavailable` means the PodGroup
 * resource is not served (CRD absent: the create got a 404); nothing is thrown then.
 */
export async function syncPodGroup(
  client: DynamicResourceClient<PodGroup>,
  desired: PodGroup,
  signal: AbortSignal,
): Promise<PodGroupSync> {
  const name = desired.metadata!.name!;
  let current: PodGroup;
  try {
    current = await client.get(name, { signal });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      return { result: 'created', podGroup: await client.create(desired, { signal }) };
    } catch (createErr) {
      if (isNotFound(createErr)) return { result: 'unavailable' };
      throw createErr;
    }
  }
  const spec = (current.spec ?? {}) as Record<string, unknown>;
  const same = Object.entries(desired.spec ?? {}).every(
    ([k, v]) => JSON.stringify(spec[k]) === JSON.stringify(v),
  );
  if (same) return { result: 'unchanged', podGroup: current }; // fields a scheduler defaulted are left alone
  const updated = { ...current, spec: { ...current.spec, ...desired.spec } };
  return { result: 'updated', podGroup: await client.update(updated, { signal }) };
}

/** Deletes the job's PodGroup; a missing PodGroup (or resource) is not an error. */
export async function deletePodGroup(
  client: DynamicResourceClient<PodGroup>,
  name: string,
  signal: AbortSignal,
): Promise<void> {
  try {
    await client.delete(name, { signal });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Sums the container requests (limits where unrequested) of the first `count` pod specs. */
function sumRequests(podSpecs: readonly unknown[], count: number): Record<string, string> {
  const sum = new Map<string, number>();
  for (const spec of podSpecs.slice(0, count))
    for (const c of (spec as coreV1.Pod['spec'])?.containers ?? []) {
      const r: coreV1.ResourceRequirements = c.resources ?? {};
      const names = new Set([...Object.keys(r.requests ?? {}), ...Object.keys(r.limits ?? {})]);
      for (const n of names) {
        const q = r.requests?.[n] ?? r.limits?.[n];
        if (q !== undefined) sum.set(n, (sum.get(n) ?? 0) + parseQuantity(String(q)));
      }
    }
  return Object.fromEntries([...sum].map(([n, v]) => [n, formatQuantity(v)]));
}

const Suffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A resource quantity (`500m`, `2Gi`, `1e3`) as a number of base units. */
export function parseQuantity(text: string): number {
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(text.trim());
  const factor = m ? Suffixes[m[2]!] : undefined;
  if (!m || factor === undefined) throw new TypeError(`invalid quantity ${JSON.stringify(text)}`);
  return Number(m[1]) * factor;
}

/** Whole numbers as they are, fractions in thousandths (`1500m`). */
function formatQuantity(v: number): string {
  return Number.isInteger(v) ? String(v) : `${Math.ceil(v * 1000)}m`;
}
