import type { FieldError } from '@kubekit/apimachinery';
import {
  childPath,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../semantics/schema/field-error';
import { deepEqual } from '../../semantics/json';
import { isDNS1123Label, regexError } from '../../semantics/schema/name-validation';
import {
  goLabelSelector,
  isEmptySelector,
  isUnparsableSelector,
  selectorMatches,
  sortedMap,
  validateLabelSelector,
} from '../../semantics/label-selector-validation';
import { validateLabels } from '../../semantics/object-meta';
import { validatePodSpec } from './pod-validation';
import type { JsonMap } from '../../semantics/json';

/**
 * kube-apiserver's validation of the apps/v1 workloads (Deployment, ReplicaSet, StatefulSet,
 * DaemonSet) on the v1 object after defaulting, with kube's messages, field paths and order:
 * replica counts, the selector (required, valid, non-empty, matching the template's labels),
 * the pod template (its labels and pod spec as for pods, restartPolicy Always, no
 * activeDeadlineSeconds), update strategies, and on update the immutable selector (what a
 * StatefulSet may change at all). Pod template annotations are not checked.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/validation/validation.go
 */

const isObj = (v: unknown): v is JsonMap =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const objOf = (v: unknown): JsonMap => (isObj(v) ? v : {});

/** ValidateNonnegativeField, for a value that is set. */
export function nonNegative(field: string, value: unknown): FieldError[] {
  return typeof value === 'number' && value < 0
    ? [invalid(field, value, 'must be greater than or equal to 0')]
    : [];
}

/** The selector of a spec, undefined when absent (a nil pointer in Go). */
export function selectorOf(spec: JsonMap): JsonMap | undefined {
  return isObj(spec.selector) ? spec.selector : undefined;
}

/** `selector` does not match template `labels`, at the template's metadata.labels. */
export function labelsMismatch(templatePath: string, template: JsonMap): FieldError {
  return invalid(
    `${templatePath}.metadata.labels`,
    sortedMap(objOf(template.metadata).labels),
    '`selector` does not match template `labels`',
  );
}

/** ValidatePodTemplateSpec: the template's labels and pod spec, no ephemeral containers. */
export function validatePodTemplate(template: JsonMap, path: string): FieldError[] {
  const meta = objOf(template.metadata);
  const spec = objOf(template.spec);
  const errs = [
    ...validateLabels(objOf(meta.labels), childPath(path, 'labels')),
    ...validatePodSpec(spec, childPath(path, 'spec')),
  ];
  if (Array.isArray(spec.ephemeralContainers) && spec.ephemeralContainers.length)
    errs.push(
      forbidden(
        `${path}.spec.ephemeralContainers`,
        'ephemeral containers not allowed in pod template',
      ),
    );
  return errs;
}

/** The restartPolicy and activeDeadlineSeconds rules of a long-running workload's template. */
function alwaysRunning(template: JsonMap, path: string, kind: string): FieldError[] {
  const spec = objOf(template.spec);
  const errs: FieldError[] = [];
  if (spec.restartPolicy !== 'Always')
    errs.push(notSupported(`${path}.spec.restartPolicy`, spec.restartPolicy ?? '', ['Always']));
  if (spec.activeDeadlineSeconds != null)
    errs.push(
      forbidden(
        `${path}.spec.activeDeadlineSeconds`,
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  return errs;
}

/** The selector checks Deployments, ReplicaSets and StatefulSets share (required, valid, non-empty). */
function validateRequiredSelector(spec: JsonMap, kind: string): FieldError[] {
  const selector = selectorOf(spec);
  if (!selector) return [required('spec.selector')];
  const errs = validateLabelSelector(selector, 'spec.selector');
  if (isEmptySelector(selector))
    errs.push(
      invalid('spec.selector', goLabelSelector(selector), `empty selector is invalid for ${kind}`),
    );
  return errs;
}

/** The template of a selector-driven workload: its labels must match, unless the selector is empty. */
function templateMatch(spec: JsonMap): FieldError[] {
  const selector = selectorOf(spec);
  const template = objOf(spec.template);
  if (selector && isEmptySelector(selector)) return [];
  return selectorMatches(selector, objOf(template.metadata).labels)
    ? []
    : [labelsMismatch('spec.template', template)];
}

/** The selector and template of a Deployment or ReplicaSet (ValidatePodTemplateSpecForReplicaSet). */
function validateReplicaSetTemplate(spec: JsonMap, emptyKind: string): FieldError[] {
  const errs = validateRequiredSelector(spec, emptyKind);
  const selector = selectorOf(spec);
  if (isUnparsableSelector(selector)) {
    errs.push(invalid('spec.selector', goLabelSelector(selector!), 'invalid label selector'));
    return errs;
  }
  const template = objOf(spec.template);
  errs.push(
    ...templateMatch(spec),
    ...validatePodTemplate(template, 'spec.template'),
    ...alwaysRunning(template, 'spec.template', 'ReplicaSet'),
  );
  return errs;
}

const percentMessage = regexError(
  "a valid percent string must be a numeric string followed by an ending '%'",
  '[0-9]+%',
  '1%',
  '93%',
);

/** ValidatePositiveIntOrPercent. */
function positiveIntOrPercent(field: string, value: unknown): FieldError[] {
  if (typeof value === 'string')
    return /^[0-9]+%$/.test(value) ? [] : [invalid(field, value, percentMessage)];
  return nonNegative(field, value);
}

/** The value of an int-or-percent (a string that is not a percent counts 0). */
function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  const m = typeof value === 'string' ? /^([0-9]+)%$/.exec(value) : null;
  return m ? Number(m[1]) : 0;
}

/** IsNotMoreThan100Percent. */
function notMoreThan100Percent(field: string, value: unknown): FieldError[] {
  return typeof value === 'string' && /^[0-9]+%$/.test(value) && intOrPercentValue(value) > 100
    ? [invalid(field, value, 'must not be greater than 100%')]
    : [];
}

/** A rolling update strategy as Go's %v-free JSON of the internal struct shows it. */
function internalStrategy(strategy: JsonMap): JsonMap {
  const rolling = isObj(strategy.rollingUpdate)
    ? {
        MaxUnavailable: strategy.rollingUpdate.maxUnavailable ?? 0,
        MaxSurge: strategy.rollingUpdate.maxSurge ?? 0,
      }
    : null;
  return { Type: strategy.type ?? '', RollingUpdate: rolling };
}

function validateDeploymentStrategy(strategy: JsonMap): FieldError[] {
  const path = 'spec.strategy.rollingUpdate';
  if (strategy.type === 'Recreate') {
    return isObj(strategy.rollingUpdate)
      ? [forbidden(path, "may not be specified when strategy `type` is 'Recreate'")]
      : [];
  }
  if (strategy.type !== 'RollingUpdate')
    return [
      notSupported('spec.strategy', internalStrategy(strategy), ['Recreate', 'RollingUpdate']),
    ];
  if (!isObj(strategy.rollingUpdate))
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

/** ValidateDeploymentSpec. */
function validateDeploymentSpec(spec: JsonMap): FieldError[] {
  const errs = [
    ...nonNegative('spec.replicas', spec.replicas),
    ...validateReplicaSetTemplate(spec, 'deployment'),
    ...validateDeploymentStrategy(objOf(spec.strategy)),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit),
  ];
  const deadline = spec.progressDeadlineSeconds;
  if (typeof deadline === 'number') {
    errs.push(...nonNegative('spec.progressDeadlineSeconds', deadline));
    if (deadline <= (spec.minReadySeconds ?? 0))
      errs.push(
        invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'),
      );
  }
  return errs;
}

/** ValidateReplicaSetSpec (its empty-selector message names deployments, as kube's does). */
function validateReplicaSetSpec(spec: JsonMap): FieldError[] {
  const template = validateReplicaSetTemplate(spec, 'deployment');
  return [
    ...nonNegative('spec.replicas', spec.replicas),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...template,
  ];
}

function validateStatefulSetStrategy(strategy: JsonMap): FieldError[] {
  const path = 'spec.updateStrategy';
  const rolling = strategy.rollingUpdate;
  switch (strategy.type) {
    case 'OnDelete':
      return isObj(rolling)
        ? [
            invalid(
              `${path}.rollingUpdate`,
              { Partition: rolling.partition ?? 0, MaxUnavailable: rolling.maxUnavailable ?? null },
              "only allowed for updateStrategy 'RollingUpdate'",
            ),
          ]
        : [];
    case 'RollingUpdate':
      return isObj(rolling)
        ? nonNegative(`${path}.rollingUpdate.partition`, rolling.partition)
        : [];
    default:
      return [invalid(path, internalStrategy(strategy), "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

/** ValidateStatefulSetSpec, then the service name. */
function validateStatefulSetSpec(spec: JsonMap): FieldError[] {
  const errs: FieldError[] = [];
  const policy = spec.podManagementPolicy;
  if (policy !== 'OrderedReady' && policy !== 'Parallel')
    errs.push(
      invalid('spec.podManagementPolicy', policy ?? '', "must be 'OrderedReady' or 'Parallel'"),
    );
  errs.push(...validateStatefulSetStrategy(objOf(spec.updateStrategy)));
  const retention = objOf(spec.persistentVolumeClaimRetentionPolicy);
  for (const key of ['whenDeleted', 'whenScaled']) {
    const v = retention[key];
    if (v !== 'Retain' && v !== 'Delete')
      errs.push(
        notSupported(`spec.persistentVolumeClaimRetentionPolicy.${key}`, v ?? '', [
          'Retain',
          'Delete',
        ]),
      );
  }
  if (isObj(spec.ordinals))
    errs.push(...nonNegative('spec.ordinals.start', spec.ordinals.start ?? 0));
  errs.push(
    ...nonNegative('spec.replicas', spec.replicas),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...validateRequiredSelector(spec, 'statefulset'),
  );
  const template = objOf(spec.template);
  if (isUnparsableSelector(selectorOf(spec)))
    errs.push(invalid('spec.selector', goLabelSelector(spec.selector), ''));
  else
    errs.push(
      ...templateMatch(spec),
      ...validatePodTemplate(withClaimVolumes(spec), 'spec.template'),
    );
  errs.push(...alwaysRunning(template, 'spec.template', 'StatefulSet'));
  const service = typeof spec.serviceName === 'string' ? spec.serviceName : '';
  if (service)
    for (const msg of isDNS1123Label(service)) errs.push(invalid('spec.serviceName', service, msg));
  return errs;
}

/** The template with the volume claim templates as volumes, which its containers may mount. */
function withClaimVolumes(spec: JsonMap): JsonMap {
  const template = objOf(spec.template);
  const claims = Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
  if (!claims.length) return template;
  const podSpec = objOf(template.spec);
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  const names = claims.map((c: JsonMap) => ({
    name: objOf(c?.metadata).name ?? '',
    persistentVolumeClaim: { claimName: objOf(c?.metadata).name ?? '' },
  }));
  return { ...template, spec: { ...podSpec, volumes: [...volumes, ...names] } };
}

function validateDaemonSetStrategy(strategy: JsonMap): FieldError[] {
  const path = 'spec.updateStrategy';
  if (strategy.type === 'OnDelete') return [];
  if (strategy.type !== 'RollingUpdate')
    return [notSupported(path, internalStrategy(strategy), ['RollingUpdate', 'OnDelete'])];
  if (!isObj(strategy.rollingUpdate)) return [required(`${path}.rollingUpdate`)];
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

/** ValidateDaemonSetSpec (a missing selector is reported only as a label mismatch). */
function validateDaemonSetSpec(spec: JsonMap): FieldError[] {
  const selector = selectorOf(spec);
  const template = objOf(spec.template);
  const errs = selector ? validateLabelSelector(selector, 'spec.selector') : [];
  if (!isUnparsableSelector(selector) && !(selector && isEmptySelector(selector)))
    if (!selectorMatches(selector, objOf(template.metadata).labels))
      errs.push(labelsMismatch('spec.template', template));
  if (selector && isEmptySelector(selector))
    errs.push(
      invalid(
        'spec.selector',
        goLabelSelector(selector),
        'empty selector is invalid for daemonset',
      ),
    );
  errs.push(
    ...validatePodTemplate(template, 'spec.template'),
    ...alwaysRunning(template, 'spec.template', 'DaemonSet'),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...validateDaemonSetStrategy(objOf(spec.updateStrategy)),
    ...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit),
  );
  return errs;
}

/** `spec.selector: Invalid value: ...: field is immutable` when an update changes it. */
export function immutableSelector(spec: JsonMap, old: JsonMap | undefined): FieldError[] {
  if (!old) return [];
  const before = goLabelSelector(objOf(objOf(old.spec).selector));
  const after = goLabelSelector(objOf(spec.selector));
  return JSON.stringify(before) === JSON.stringify(after)
    ? []
    : [invalid('spec.selector', after, 'field is immutable')];
}

const specValidators: Record<string, (spec: JsonMap) => FieldError[]> = {
  Deployment: validateDeploymentSpec,
  ReplicaSet: validateReplicaSetSpec,
  StatefulSet: validateStatefulSetSpec,
  DaemonSet: validateDaemonSetSpec,
};

/** What an update of a StatefulSet may change in its spec. */
const statefulSetMutable = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** ValidateStatefulSetUpdate's rule: nothing else of the spec (the selector included) changes. */
function statefulSetSpecUpdate(spec: JsonMap, old: JsonMap): FieldError[] {
  const rest = (s: JsonMap) =>
    Object.fromEntries(Object.entries(s).filter(([k]) => !statefulSetMutable.includes(k)));
  if (deepEqual(rest(spec), rest(objOf(old.spec)))) return [];
  const fields = statefulSetMutable.slice(0, -1).map((f) => `'${f}'`);
  return [
    forbidden(
      'spec',
      `updates to statefulset spec for fields other than ${fields.join(', ')} and 'minReadySeconds' are forbidden`,
    ),
  ];
}

/** The validation of an apps/v1 workload of `kind` on create (`old` undefined) or update. */
export function validateAppsWorkload(
  kind: string,
  obj: JsonMap,
  old: JsonMap | undefined,
): FieldError[] {
  const spec = objOf(obj.spec);
  const errs = specValidators[kind]?.(spec) ?? [];
  if (!old) return errs;
  if (kind === 'StatefulSet') return [...errs, ...statefulSetSpecUpdate(spec, old)];
  // a DaemonSet's selector is checked before its spec, the others' after
  if (kind === 'DaemonSet') return [...immutableSelector(spec, old), ...errs];
  return [...errs, ...immutableSelector(spec, old)];
}
