import type { FieldError } from '@kubekit/apimachinery';
import {
  childPath,
  forbidden,
  indexPath,
  invalid,
  required,
} from '../../semantics/schema/field-error';
import { printInternalPodSpec } from './internal-pod-spec';
import { validateTolerations } from './toleration-validation';
import { unifiedDiff } from '../../go/unified-diff';
import { type JsonMap, jsonMapsOf, stringOf } from '../../semantics/json';

/**
 * What ValidatePodUpdate of kube-apiserver allows a pod update to change: container and init
 * container images, activeDeadlineSeconds (set, or lowered), tolerations (added, or their
 * tolerationSeconds changed), scheduling gates (removed), terminationGracePeriodSeconds (from a
 * negative value to 1). Any other spec change is `spec: Forbidden: pod updates may not change
 * fields other than ...` followed by the unified diff of the old and the new internal specs,
 * exactly as kube prints it (internal-pod-spec.ts, unified-diff.ts).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
 */

const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const maxInt32 = 2147483647;

const updatableFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

/** Same containers, images present; `stop` when containers were added or removed. */
function containerUpdates(
  next: unknown,
  old: unknown,
  path: string,
): { errs: FieldError[]; stop: boolean } {
  const n = jsonMapsOf(next);
  if (n.length !== jsonMapsOf(old).length)
    return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    const image = stringOf(c.image);
    const at = childPath(indexPath(path, i), 'image');
    if (!image) errs.push(required(at));
    if (image.trim().length !== image.length)
      errs.push(invalid(at, image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

function activeDeadlineUpdate(next: unknown, old: unknown): FieldError[] {
  const path = 'spec.activeDeadlineSeconds';
  if (typeof next === 'number') {
    if (next < 0 || next > maxInt32)
      return [invalid(path, next, `must be between 0 and ${maxInt32}, inclusive`)];
    if (typeof old === 'number' && old < next)
      return [invalid(path, next, 'must be less than or equal to previous value')];
    return [];
  }
  return isSet(old)
    ? [invalid(path, null, 'must not update from a positive integer to nil value')]
    : [];
}

const sameToleration = (a: JsonMap, b: JsonMap): boolean =>
  ['key', 'operator', 'value', 'effect'].every((k) => stringOf(a[k]) === stringOf(b[k]));

function tolerationUpdates(next: JsonMap[], old: JsonMap[]): FieldError[] {
  const path = 'spec.tolerations';
  if (!old.every((o) => next.some((n) => sameToleration(o, n))))
    return [
      forbidden(path, 'existing toleration can not be modified except its tolerationSeconds'),
    ];
  return validateTolerations(next, path);
}

function schedulingGateUpdates(next: JsonMap[], old: JsonMap[]): FieldError[] {
  const oldNames = new Set(old.map((g) => stringOf(g.name)));
  const added = new Map<string, number>();
  next.forEach((g, i) => added.set(stringOf(g.name), i));
  return [...added]
    .filter(([name]) => !oldNames.has(name))
    .map(([name, i]) =>
      forbidden(
        `spec.schedulingGates[${i}].name`,
        `only deletion is allowed, but found new scheduling gate '${name}'`,
      ),
    );
}

/** `next` with what an update may change taken from `old` (kube's "munged" spec). */
function withoutUpdatableChanges(next: JsonMap, old: JsonMap): JsonMap {
  const images = (mine: unknown, theirs: unknown) =>
    // Go rebuilds the slice: an empty list becomes nil
    jsonMapsOf(mine).length
      ? jsonMapsOf(mine).map((c, i) => ({ ...c, image: jsonMapsOf(theirs)[i]?.image }))
      : null;
  const munged: JsonMap = {
    ...next,
    containers: images(next.containers, old.containers),
    initContainers: images(next.initContainers, old.initContainers),
    activeDeadlineSeconds: old.activeDeadlineSeconds,
    schedulingGates: old.schedulingGates,
    tolerations: old.tolerations,
  };
  const oldGrace = old.terminationGracePeriodSeconds;
  if (typeof oldGrace === 'number' && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1)
    munged.terminationGracePeriodSeconds = oldGrace;
  return munged;
}

/** The update rules of ValidatePodUpdate for the spec (after the spec's own validation). */
export function validatePodSpecUpdate(next: JsonMap, old: JsonMap): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['containers', 'initContainers']) {
    const r = containerUpdates(next[key], old[key], `spec.${key}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const deadline = activeDeadlineUpdate(next.activeDeadlineSeconds, old.activeDeadlineSeconds);
  errs.push(...deadline);
  if (deadline.length && typeof next.activeDeadlineSeconds === 'number') return errs;
  errs.push(
    ...tolerationUpdates(jsonMapsOf(next.tolerations), jsonMapsOf(old.tolerations)),
    ...schedulingGateUpdates(jsonMapsOf(next.schedulingGates), jsonMapsOf(old.schedulingGates)),
  );
  const before = printInternalPodSpec(old);
  const after = printInternalPodSpec(withoutUpdatableChanges(next, old));
  if (before !== after) {
    errs.push(
      forbidden(
        'spec',
        `pod updates may not change fields other than ${updatableFields}\n${unifiedDiff(before, after)}`,
      ),
    );
  }
  return errs;
}
