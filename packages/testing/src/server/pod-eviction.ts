import {
  newBadRequest,
  newForbidden,
  newTooManyRequests,
  selectorFromLabelSelector,
  type LabelSelector,
  type StatusError,
} from '@kubekit/apimachinery';
import type { ApiCore } from './api-core';
import { checkPreconditions, type DeleteOptions } from '../storage/store-options';
import { formatTime } from '../storage/object-util';
import { clone } from '../semantics/json';
import { resourceKey, type ResourceDef } from '../storage/resource-def';
import type { Obj } from '../storage/store';

/** Kube's MaxDisruptedPodSize: evictions a PDB may have approved but its controller not seen. */
const maxDisruptedPods = 2000;

/** What the eviction answers when it does not fail: the Status and its HTTP code. */
export interface EvictionResult {
  code: number;
  status: Record<string, unknown>;
}

/**
 * `POST pods/{name}/eviction`, decided as kube-apiserver's EvictionREST decides it:
 *
 * - a pod that is Pending, Succeeded, Failed or already being deleted is deleted at once;
 * - otherwise the one PodDisruptionBudget of the namespace whose selector matches the pod must
 *   allow a disruption: its `status.observedGeneration` must have caught up (else 429 "still being
 *   processed"), and `status.disruptionsAllowed` be positive (else 429 "needs N healthy pods");
 *   the eviction decrements it and records the pod in `status.disruptedPods`. An unready pod
 *   passes without a decrement when the budget is met (or `unhealthyPodEvictionPolicy` is
 *   AlwaysAllow). Two matching budgets answer 500, as kube does.
 * - before the delete the pod gets the condition `DisruptionTarget` (reason
 *   `EvictionByEvictionAPI`); the delete honours the eviction's deleteOptions, so a bound,
 *   running pod is only marked (deletionTimestamp + grace period) until its kubelet is done.
 *
 * Budgets are only read and decremented: no disruption controller computes their status (a
 * kube-apiserver without kube-controller-manager behaves the same); tests write it through
 * `poddisruptionbudgets/status`.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/pod/storage/eviction.go
 */
export function evictPod(
  core: ApiCore,
  podDef: ResourceDef,
  namespace: string,
  name: string,
  eviction: Obj,
  dryRun: boolean,
): EvictionResult {
  if (eviction.metadata?.name !== name)
    throw newBadRequest('name in URL does not match name in Eviction object');
  const options: DeleteOptions = {
    ...(eviction.deleteOptions ?? {}),
    dryRun: dryRun || (eviction.deleteOptions?.dryRun ?? []).includes('All'),
  };
  const pod = core.generic.get(podDef, namespace, name);
  const phase = pod.status?.phase;
  const ignoreBudgets =
    phase === 'Pending' ||
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    !!pod.metadata?.deletionTimestamp;
  if (!ignoreBudgets) {
    const refused = checkBudget(core, pod, !!options.dryRun);
    if (refused) return refused;
  }
  addConditionAndDelete(core, podDef, pod, options);
  return { code: 201, status: { status: 'Success', code: 201 } };
}

/** The budget check; returns the 500 Status for two budgets, throws the refusals. */
function checkBudget(core: ApiCore, pod: Obj, dryRun: boolean): EvictionResult | undefined {
  const pdbDef = core.registry.byResource('policy', 'poddisruptionbudgets');
  if (!pdbDef) return undefined;
  const namespace = pod.metadata!.namespace!;
  const labels: Record<string, string> = pod.metadata?.labels ?? {};
  const budgets: Obj[] = [];
  for (const key of core.store.keys(resourceKey(pdbDef), `${namespace}/`)) {
    const pdb = core.store.get(resourceKey(pdbDef), key)!.obj;
    if (matches(pdb.spec?.selector, labels)) budgets.push(pdb);
  }
  if (budgets.length > 1) {
    const message =
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
    return { code: 500, status: { status: 'Failure', message, code: 500 } };
  }
  const pdb = budgets[0];
  if (!pdb) return undefined;
  const status = pdb.status ?? {};
  const ready = (pod.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );
  if (!ready) {
    if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return undefined;
    const desired = status.desiredHealthy ?? 0;
    if ((status.currentHealthy ?? 0) >= desired && desired > 0) return undefined;
  }
  const pdbName = pdb.metadata!.name!;
  const gr = { group: 'policy', resource: 'poddisruptionbudget' };
  if ((status.observedGeneration ?? 0) < (pdb.metadata!.generation ?? 0))
    throw budgetRefusal(
      `The disruption budget ${pdbName} is still being processed by the server.`,
      10,
    );
  const allowed: number = status.disruptionsAllowed ?? 0;
  if (allowed < 0) throw newForbidden(gr, pdbName, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > maxDisruptedPods) {
    throw newForbidden(
      gr,
      pdbName,
      'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
    );
  }
  if (allowed === 0) {
    throw budgetRefusal(
      `The disruption budget ${pdbName} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
    );
  }
  if (dryRun) return undefined;
  const next = clone(pdb);
  const now = formatTime(core.now());
  next.status = { ...status, disruptionsAllowed: allowed - 1 };
  if (allowed === 1) setInsufficientPods(next.status, now);
  next.status.disruptedPods = { ...(status.disruptedPods ?? {}), [pod.metadata!.name!]: now };
  core.generic.update(pdbDef, namespace, pdbName, next, { subresource: 'status' });
  return undefined;
}

function matches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  try {
    return selectorFromLabelSelector(selector).matches(labels);
  } catch {
    return false; // an invalid selector matches no pod
  }
}

/** 429 "Cannot evict pod as it would violate the pod's disruption budget." with its cause. */
function budgetRefusal(cause: string, retryAfterSeconds?: number): StatusError {
  const err = newTooManyRequests(
    "Cannot evict pod as it would violate the pod's disruption budget.",
    retryAfterSeconds ?? 0,
  );
  const details = err.status.details!;
  if (!retryAfterSeconds) delete details.retryAfterSeconds;
  details.causes = [{ reason: 'DisruptionBudget', message: cause }];
  return err;
}

/** The PDB's `DisruptionAllowed` condition once no disruption is left (pdbhelper's). */
function setInsufficientPods(status: Obj, now: string): void {
  const conditions: Obj[] = status.conditions ?? [];
  const old = conditions.find((c) => c.type === 'DisruptionAllowed');
  const next = {
    type: 'DisruptionAllowed',
    status: 'False',
    observedGeneration: status.observedGeneration ?? 0,
    lastTransitionTime: old?.status === 'False' ? old.lastTransitionTime : now,
    reason: 'InsufficientPods',
    message: '',
  };
  status.conditions = replaceCondition(conditions, old, next);
}

/** `conditions` with `old` replaced by `next` in place, or `next` appended. */
function replaceCondition(conditions: Obj[], old: Obj | undefined, next: Obj): Obj[] {
  return old ? conditions.map((c) => (c === old ? next : c)) : [...conditions, next];
}

/** Marks the pod `DisruptionTarget` (not on a dry run), then deletes it with `options`. */
function addConditionAndDelete(core: ApiCore, def: ResourceDef, pod: Obj, options: DeleteOptions) {
  const { namespace, name } = pod.metadata!;
  const pre = options.preconditions ?? {};
  let deleteOptions = options;
  if (!options.dryRun) {
    checkPreconditions({ group: '', resource: 'Pod' }, pod, pre);
    const next = clone(pod);
    next.status = { ...next.status, conditions: withDisruptionTarget(next.status, core.now()) };
    const updated = core.generic.update(def, namespace, name!, next, { subresource: 'status' });
    if (pre.resourceVersion) {
      deleteOptions = {
        ...options,
        preconditions: { ...pre, resourceVersion: updated.metadata!.resourceVersion },
      };
    }
  }
  core.generic.delete(def, namespace, name!, deleteOptions);
}

/**
 * The pod's conditions with `DisruptionTarget` True for `reason` (the eviction's
 * `EvictionByEvictionAPI`, the taint manager's `DeletionByTaintManager`), set as
 * podutil.UpdatePodCondition sets it: its lastTransitionTime moves only when its status does.
 */
export function withDisruptionTarget(
  status: Obj | undefined,
  now: Date,
  reason = 'EvictionByEvictionAPI',
  message = 'Eviction API: evicting',
): Obj[] {
  const conditions: Obj[] = status?.conditions ?? [];
  const old = conditions.find((c) => c.type === 'DisruptionTarget');
  const condition = {
    type: 'DisruptionTarget',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime : formatTime(now),
    reason,
    message,
  };
  return replaceCondition(conditions, old, condition);
}
