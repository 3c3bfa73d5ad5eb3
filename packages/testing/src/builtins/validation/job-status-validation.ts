import type { FieldError } from '@kubekit/apimachinery';
import { invalid, required } from '../../semantics/schema/field-error';
import { nonNegative } from './number-validation';
import type { JsonMap } from '../../semantics/json';

/**
 * kube-apiserver's validation of a Job status written through `status` (validateJobStatus and
 * ValidateJobStatusUpdate with the rules the Job registry enables): non-negative counters, the
 * times and conditions a finished Job needs (Complete needs completionTime and
 * SuccessCriteriaMet, Failed needs FailureTarget, both need startTime and no active pods),
 * terminal conditions that stay, counters that do not decrease, no more ready than active pods.
 * Indexes, uncounted pods and the success policy are not checked.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/batch/validation/validation.go
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/batch/job/strategy.go
 */

const objOf = (v: unknown): JsonMap => (typeof v === 'object' && v !== null ? (v as JsonMap) : {});

function conditionTrue(status: JsonMap, type: string): boolean {
  const conditions = Array.isArray(status.conditions) ? (status.conditions as JsonMap[]) : [];
  return conditions.some((c) => c?.type === type && c?.status === 'True');
}

/** A field.Invalid whose value kube omits (`status.conditions: Invalid value: <detail>`). */
function conditionsInvalid(detail: string): FieldError {
  return {
    type: 'FieldValueInvalid',
    field: 'status.conditions',
    detail: `Invalid value: ${detail}`,
  };
}

/** validateJobStatus: the counters and what the conditions require of a single status. */
function validateJobStatus(status: JsonMap): FieldError[] {
  const errs = ['active', 'succeeded', 'failed', 'ready', 'terminating'].flatMap((f) =>
    nonNegative(`status.${f}`, status[f]),
  );
  const complete = conditionTrue(status, 'Complete');
  if (complete && status.completionTime == null)
    errs.push(required('status.completionTime', 'completionTime is required for Complete jobs'));
  if (!complete && status.completionTime != null)
    errs.push(
      invalid(
        'status.completionTime',
        status.completionTime,
        'cannot set completionTime when there is no Complete=True condition',
      ),
    );
  if (conditionTrue(status, 'Failed') && !conditionTrue(status, 'FailureTarget'))
    errs.push(
      conditionsInvalid(
        'cannot set Failed=True condition without the FailureTarget=true condition',
      ),
    );
  if (complete && !conditionTrue(status, 'SuccessCriteriaMet'))
    errs.push(
      conditionsInvalid(
        'cannot set Complete=True condition without the SuccessCriteriaMet=true condition',
      ),
    );
  return errs;
}

/** The validation of a Job's status update (`old` is the stored Job). */
export function validateJobStatusUpdate(job: JsonMap, old: JsonMap | undefined): FieldError[] {
  const status = objOf(job.status);
  const before = objOf(old?.status);
  const errs = validateJobStatus(status);
  for (const type of ['Failed', 'Complete', 'FailureTarget'])
    if (conditionTrue(before, type) && !conditionTrue(status, type))
      errs.push(conditionsInvalid(`cannot disable the terminal ${type}=True condition`));
  for (const counter of ['failed', 'succeeded'])
    if ((status[counter] ?? 0) < (before[counter] ?? 0))
      errs.push(
        invalid(
          `status.${counter}`,
          status[counter] ?? 0,
          `cannot decrease the ${counter} counter`,
        ),
      );
  if (
    status.completionTime != null &&
    before.completionTime != null &&
    status.completionTime !== before.completionTime
  )
    errs.push(
      invalid('status.completionTime', status.completionTime, 'completionTime cannot be mutated'),
    );
  const finished = conditionTrue(status, 'Complete') || conditionTrue(status, 'Failed');
  if (finished && (status.active ?? 0) > 0)
    errs.push(invalid('status.active', status.active, 'active>0 is invalid for finished job'));
  if (finished && status.startTime == null)
    errs.push(required('status.startTime', 'startTime is required for finished job'));
  if (status.ready != null && status.ready > (status.active ?? 0))
    errs.push(invalid('status.ready', status.ready, 'cannot set more ready pods than active'));
  if (conditionTrue(before, 'SuccessCriteriaMet') && !conditionTrue(status, 'SuccessCriteriaMet'))
    errs.push(conditionsInvalid('cannot disable the SuccessCriteriaMet=True condition'));
  return errs;
}
