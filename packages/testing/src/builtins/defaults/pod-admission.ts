import { defaultPodSpec } from './pod-template-defaults';
import { type JsonMap, jsonMapsOf } from '../../semantics/json';

/**
 * What kube-apiserver does to a pod beyond its spec defaults, on create and on every update:
 * the pod-only v1 defaults (SetDefaults_Pod) and the Priority and DefaultTolerationSeconds
 * admission plugins. Updates matter: a client that PUTs a pod as it first sent it must not
 * see "pod updates may not change fields" for what the server added.
 *
 * @see https://github.com/kubernetes/kubernetes/tree/master/plugin/pkg/admission/priority
 * @see https://github.com/kubernetes/kubernetes/tree/master/plugin/pkg/admission/defaulttolerationseconds
 */

/** Priorities of the PriorityClasses every cluster has. */
const systemPriorities: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/** Taints DefaultTolerationSeconds tolerates for 300 s unless the pod tolerates them itself. */
const defaultTolerations = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/**
 * The v1 defaults of a pod's spec, as decoding applies them to every write: the pod spec and
 * container defaults, enableServiceLinks, and requests copied from limits.
 */
export function defaultPod(spec: JsonMap): void {
  spec.enableServiceLinks ??= true;
  for (const c of [...jsonMapsOf(spec.initContainers), ...jsonMapsOf(spec.containers)]) {
    c.resources ??= {};
    const limits: JsonMap = c.resources.limits ?? {};
    if (Object.keys(limits).length) c.resources.requests = { ...limits, ...c.resources.requests };
  }
  defaultPodSpec(spec);
}

function addDefaultTolerations(spec: JsonMap): void {
  const tolerations = jsonMapsOf(spec.tolerations);
  for (const key of defaultTolerations) {
    const covered = tolerations.some(
      (t) => (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute'),
    );
    if (!covered)
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
}

/**
 * Admission of a created pod: the default tolerations, the priority of its class (0 without
 * one; classes other than the system ones are unknown here and left unresolved) and
 * preemptionPolicy.
 */
export function admitCreatedPod(spec: JsonMap): void {
  addDefaultTolerations(spec);
  const priority = spec.priorityClassName ? systemPriorities[spec.priorityClassName] : 0;
  if (priority !== undefined) spec.priority ??= priority;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
}

/**
 * Admission of an updated pod: the default tolerations again, and priority and
 * preemptionPolicy kept from `old` when the update leaves them out.
 */
export function admitUpdatedPod(spec: JsonMap, old: JsonMap): void {
  addDefaultTolerations(spec);
  if (spec.priority == null && old.priority != null) spec.priority = old.priority;
  if (spec.preemptionPolicy == null && old.preemptionPolicy != null)
    spec.preemptionPolicy = old.preemptionPolicy;
}
