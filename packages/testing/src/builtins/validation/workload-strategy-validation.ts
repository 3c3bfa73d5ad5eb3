import type { FieldError } from '@kubekit/apimachinery';
import { isJsonMap, type JsonMap } from '../../semantics/json';
import { forbidden, invalid, notSupported, required } from '../../semantics/schema/field-error';
import {
  intOrPercentValue,
  nonNegative,
  notMoreThan100Percent,
  positiveIntOrPercent,
} from './number-validation';

/**
 * The update strategies of the apps/v1 workloads as kube-apiserver validates them: a
 * Deployment's `strategy`, a StatefulSet's and a DaemonSet's `updateStrategy`.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/validation/validation.go
 */

/** A rolling update strategy as Go's %v-free JSON of the internal struct shows it. */
function internalStrategy(strategy: JsonMap): JsonMap {
  const rolling = isJsonMap(strategy.rollingUpdate)
    ? {
        MaxUnavailable: strategy.rollingUpdate.maxUnavailable ?? 0,
        MaxSurge: strategy.rollingUpdate.maxSurge ?? 0,
      }
    : null;
  return { Type: strategy.type ?? '', RollingUpdate: rolling };
}

/** ValidateDeploymentStrategy, at `spec.strategy`. */
export function validateDeploymentStrategy(strategy: JsonMap): FieldError[] {
  const path = 'spec.strategy.rollingUpdate';
  if (strategy.type === 'Recreate') {
    return isJsonMap(strategy.rollingUpdate)
      ? [forbidden(path, "may not be specified when strategy `type` is 'Recreate'")]
      : [];
  }
  if (strategy.type !== 'RollingUpdate')
    return [
      notSupported('spec.strategy', internalStrategy(strategy), ['Recreate', 'RollingUpdate']),
    ];
  if (!isJsonMap(strategy.rollingUpdate))
    return [required(path, 'this should be defaulted and never be nil')];
  const { maxUnavailable, maxSurge } = strategy.rollingUpdate;
  const errs = [
    ...positiveIntOrPercent(`${path}.maxUnavailable`, maxUnavailable),
    ...positiveIntOrPercent(`${path}.maxSurge`, maxSurge),
  ];
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0)
    errs.push(
      invalid(`${path}.maxUnavailable`, maxUnavailable, 'may not be 0 when `maxSurge` is 0'),
    );
  errs.push(...notMoreThan100Percent(`${path}.maxUnavailable`, maxUnavailable));
  return errs;
}

/** ValidateStatefulSetUpdateStrategy, at `spec.updateStrategy`. */
export function validateStatefulSetStrategy(strategy: JsonMap): FieldError[] {
  const path = 'spec.updateStrategy';
  const rolling = strategy.rollingUpdate;
  switch (strategy.type) {
    case 'OnDelete':
      return isJsonMap(rolling)
        ? [
            invalid(
              `${path}.rollingUpdate`,
              { Partition: rolling.partition ?? 0, MaxUnavailable: rolling.maxUnavailable ?? null },
              "only allowed for updateStrategy 'RollingUpdate'",
            ),
          ]
        : [];
    case 'RollingUpdate':
      return isJsonMap(rolling)
        ? nonNegative(`${path}.rollingUpdate.partition`, rolling.partition)
        : [];
    default:
      return [invalid(path, internalStrategy(strategy), "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

/** ValidateDaemonSetUpdateStrategy, at `spec.updateStrategy`. */
export function validateDaemonSetStrategy(strategy: JsonMap): FieldError[] {
  const path = 'spec.updateStrategy';
  if (strategy.type === 'OnDelete') return [];
  if (strategy.type !== 'RollingUpdate')
    return [notSupported(path, internalStrategy(strategy), ['RollingUpdate', 'OnDelete'])];
  if (!isJsonMap(strategy.rollingUpdate)) return [required(`${path}.rollingUpdate`)];
  const at = `${path}.rollingUpdate`;
  const { maxUnavailable, maxSurge } = strategy.rollingUpdate;
  const errs = [
    ...positiveIntOrPercent(`${at}.maxUnavailable`, maxUnavailable),
    ...positiveIntOrPercent(`${at}.maxSurge`, maxSurge),
    ...notMoreThan100Percent(`${at}.maxUnavailable`, maxUnavailable),
    ...notMoreThan100Percent(`${at}.maxSurge`, maxSurge),
  ];
  const unavailable = intOrPercentValue(maxUnavailable) !== 0;
  const surge = intOrPercentValue(maxSurge) !== 0;
  if (unavailable && surge)
    errs.push(
      invalid(`${at}.maxSurge`, maxSurge, 'may not be set when maxUnavailable is non-zero'),
    );
  if (!unavailable && !surge)
    errs.push(required(`${at}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errs;
}
