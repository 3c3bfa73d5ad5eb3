import type { FieldError } from '@kubekit/apimachinery';
import { generateJobSelector } from '../defaults/workload-defaults';
import { clone, deepEqual, isJsonMap, jsonMapOf } from '../../semantics/json';
import { invalid, notSupported, required } from '../../semantics/schema/field-error';
import {
  goLabelSelector,
  isUnparsableSelector,
  selectorMatches,
  validateLabelSelector,
} from '../../semantics/label-selector-validation';
import { scheduleProblem } from '../../go/cron-schedule';
import { nonNegative } from './number-validation';
import { labelsMismatch, selectorOf, validatePodTemplate } from './workload-validation';
import type { JsonMap } from '../../semantics/json';

/**
 * kube-apiserver's validation of batch/v1 Jobs and CronJobs on the v1 object after defaulting,
 * with kube's messages, field paths and order: counts and deadlines, the completion mode, the
 * pod template (restartPolicy OnFailure or Never), the selector (required, generated unless
 * `manualSelector`, matching the template's labels); a CronJob's schedule (cron-schedule.ts),
 * time zone, concurrency policy, history limits and job template. On update, what a Job may
 * not change (selector, template, completions, completion mode, policies). Pod failure and
 * success policies, backoffLimitPerIndex and maxFailedIndexes are not checked otherwise; an
 * immutable object shows as JSON, not as kube's dump of the internal Go struct.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/batch/validation/validation.go
 */

/** validateJobSpec: what a Job's spec and a CronJob's job template share. */
function validateJobSpecCommon(spec: JsonMap, path: string): FieldError[] {
  const errs = [
    ...nonNegative(`${path}.parallelism`, spec.parallelism),
    ...nonNegative(`${path}.completions`, spec.completions),
    ...nonNegative(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds),
    ...nonNegative(`${path}.backoffLimit`, spec.backoffLimit),
    ...nonNegative(`${path}.ttlSecondsAfterFinished`, spec.ttlSecondsAfterFinished),
  ];
  const mode = spec.completionMode;
  if (mode != null) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed')
      errs.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed' && spec.completions == null)
      errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  const template = jsonMapOf(spec.template);
  errs.push(...validatePodTemplate(template, `${path}.template`));
  const restartPolicy = jsonMapOf(template.spec).restartPolicy;
  const restartPath = `${path}.template.spec.restartPolicy`;
  if (restartPolicy === 'Always' || !restartPolicy)
    errs.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never')
    errs.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  return errs;
}

/** The selector the registry generates for a Job: the controller-uid label only. */
function validateGeneratedSelector(job: JsonMap): FieldError[] {
  const spec = jsonMapOf(job.spec);
  if (spec.manualSelector === true || !isJsonMap(jsonMapOf(spec.template).metadata?.labels))
    return [];
  const selector = selectorOf(spec);
  if (!selector) return [required('spec.selector')];
  const generated = {
    matchLabels: { 'batch.kubernetes.io/controller-uid': job.metadata?.uid },
  };
  return deepEqual(goLabelSelector(selector), generated)
    ? []
    : [invalid('spec.selector', goLabelSelector(selector), '`selector` not auto-generated')];
}

/** `<field>: Invalid value: <new>: field is immutable` when an update changes it. */
function immutable(field: string, value: unknown, before: unknown): FieldError[] {
  return deepEqual(value ?? null, before ?? null)
    ? []
    : [invalid(field, value ?? null, 'field is immutable')];
}

/**
 * ValidateJobSpecUpdate's immutable fields: completions (an indexed Job's may change to its
 * parallelism), the selector, the pod template, completion mode, failure and
 * success policies, backoffLimitPerIndex and managedBy.
 */
function validateJobSpecUpdate(spec: JsonMap, before: JsonMap): FieldError[] {
  const indexed = spec.completionMode === 'Indexed' && before.completionMode === 'Indexed';
  let completions = immutable('spec.completions', spec.completions, before.completions);
  if (indexed && completions.length)
    completions =
      spec.completions === spec.parallelism
        ? []
        : [
            invalid(
              'spec.completions',
              spec.completions ?? null,
              'can only be modified in tandem with spec.parallelism',
            ),
          ];
  return [
    ...completions,
    ...immutable(
      'spec.selector',
      goLabelSelector(jsonMapOf(spec.selector)),
      goLabelSelector(jsonMapOf(before.selector)),
    ),
    ...immutable('spec.template', spec.template, before.template),
    ...immutable('spec.completionMode', spec.completionMode, before.completionMode),
    ...immutable('spec.podFailurePolicy', spec.podFailurePolicy, before.podFailurePolicy),
    ...immutable(
      'spec.backoffLimitPerIndex',
      spec.backoffLimitPerIndex,
      before.backoffLimitPerIndex,
    ),
    ...immutable('spec.managedBy', spec.managedBy, before.managedBy),
    ...immutable('spec.successPolicy', spec.successPolicy, before.successPolicy),
  ];
}

/** ValidateJob on create (after the registry generated the selector) and update. */
export function validateJob(obj: JsonMap, old: JsonMap | undefined): FieldError[] {
  const job = clone(obj);
  if (!old) generateJobSelector(job);
  const spec = jsonMapOf(job.spec);
  const errs = [...validateGeneratedSelector(job), ...validateJobSpecCommon(spec, 'spec')];
  const selector = selectorOf(spec);
  if (!selector) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(selector, 'spec.selector'));
  const template = jsonMapOf(spec.template);
  if (
    !isUnparsableSelector(selector) &&
    !selectorMatches(selector, jsonMapOf(template.metadata).labels)
  )
    errs.push(labelsMismatch('spec.template', template));
  if (old) errs.push(...validateJobSpecUpdate(spec, jsonMapOf(old.spec)));
  return errs;
}

/** Whether the runtime knows IANA time zone `zone`. */
function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** ValidateCronJob's spec part (schedule, deadlines, time zone, policy, job template, limits). */
export function validateCronJob(obj: JsonMap): FieldError[] {
  const spec = jsonMapOf(obj.spec);
  const errs: FieldError[] = [];
  const schedule = typeof spec.schedule === 'string' ? spec.schedule : '';
  if (!schedule) errs.push(required('spec.schedule'));
  else {
    const problem = scheduleProblem(schedule);
    if (problem) errs.push(invalid('spec.schedule', schedule, problem));
  }
  errs.push(...nonNegative('spec.startingDeadlineSeconds', spec.startingDeadlineSeconds));
  const zone = spec.timeZone;
  if (typeof zone === 'string' && !knownTimeZone(zone))
    errs.push(invalid('spec.timeZone', zone, `unknown time zone ${zone}`));
  const policy = spec.concurrencyPolicy;
  if (!policy) errs.push(required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy))
    errs.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  const jobSpec = jsonMapOf(jsonMapOf(spec.jobTemplate).spec);
  errs.push(...validateJobSpecCommon(jobSpec, 'spec.jobTemplate.spec'));
  if (isJsonMap(jobSpec.selector))
    errs.push(
      invalid(
        'spec.jobTemplate.spec.selector',
        goLabelSelector(jobSpec.selector),
        '`selector` will be auto-generated',
      ),
    );
  if (jobSpec.manualSelector === true)
    errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  errs.push(
    ...nonNegative('spec.successfulJobsHistoryLimit', spec.successfulJobsHistoryLimit),
    ...nonNegative('spec.failedJobsHistoryLimit', spec.failedJobsHistoryLimit),
  );
  return errs;
}
