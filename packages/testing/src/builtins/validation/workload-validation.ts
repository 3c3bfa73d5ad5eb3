import type { FieldError } from '@kubekit/apimachinery';
import {
  childPath,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../semantics/schema/field-error';
import { deepEqual, isJsonMap, jsonMapOf } from '../../semantics/json';
import { isDNS1123Label } from '../../semantics/schema/name-validation';
import {
  goLabelSelector,
  isEmptySelector,
  isUnparsableSelector,
  selectorMatches,
  sortedMap,
  validateLabelSelector,
} from '../../semantics/label-selector-validation';
import { validateLabels } from '../../semantics/object-meta';
import { nonNegative } from './number-validation';
import { validatePodSpec } from './pod-validation';
import {
  validateDaemonSetStrategy,
  validateDeploymentStrategy,
  validateStatefulSetStrategy,
} from './workload-strategy-validation';
import type { JsonMap } from '../../semantics/json';

/**
 * kube-apiserver's validation of the apps/v1 workloads (Deployment, ReplicaSet, StatefulSet,
 * DaemonSet) on the v1 object after defaulting, with kube's messages, field paths and order:
 * replica counts, the selector (required, valid, non-empty, matching the template's labels),
 * the pod template (its labels and pod spec as for pods, restartPolicy Always, no
 * activeDeadlineSeconds), update strategies (workload-strategy-validation.ts), and on update the
 * immutable selector (what a StatefulSet may change at all). Pod template annotations are not
 * checked.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/validation/validation.go
 */

/** The selector of a spec, undefined when absent (a nil pointer in Go). */
export function selectorOf(spec: JsonMap): JsonMap | undefined {
  return isJsonMap(spec.selector) ? spec.selector : undefined;
}

/** `selector` does not match template `labels`, at the template's metadata.labels. */
export function labelsMismatch(templatePath: string, template: JsonMap): FieldError {
  return invalid(
    `${templatePath}.metadata.labels`,
    sortedMap(jsonMapOf(template.metadata).labels),
    '`selector` does not match template `labels`',
  );
}

/** ValidatePodTemplateSpec: the template's labels and pod spec, no ephemeral containers. */
export function validatePodTemplate(template: JsonMap, path: string): FieldError[] {
  const meta = jsonMapOf(template.metadata);
  const spec = jsonMapOf(template.spec);
  const errs = [
    ...validateLabels(jsonMapOf(meta.labels), childPath(path, 'labels')),
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
  const spec = jsonMapOf(template.spec);
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
  const template = jsonMapOf(spec.template);
  if (selector && isEmptySelector(selector)) return [];
  return selectorMatches(selector, jsonMapOf(template.metadata).labels)
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
  const template = jsonMapOf(spec.template);
  errs.push(
    ...templateMatch(spec),
    ...validatePodTemplate(template, 'spec.template'),
    ...alwaysRunning(template, 'spec.template', 'ReplicaSet'),
  );
  return errs;
}

/** ValidateDeploymentSpec. */
function validateDeploymentSpec(spec: JsonMap): FieldError[] {
  const errs = [
    ...nonNegative('spec.replicas', spec.replicas),
    ...validateReplicaSetTemplate(spec, 'deployment'),
    ...validateDeploymentStrategy(jsonMapOf(spec.strategy)),
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

/** ValidateStatefulSetSpec, then the service name. */
function validateStatefulSetSpec(spec: JsonMap): FieldError[] {
  const errs: FieldError[] = [];
  const policy = spec.podManagementPolicy;
  if (policy !== 'OrderedReady' && policy !== 'Parallel')
    errs.push(
      invalid('spec.podManagementPolicy', policy ?? '', "must be 'OrderedReady' or 'Parallel'"),
    );
  errs.push(...validateStatefulSetStrategy(jsonMapOf(spec.updateStrategy)));
  const retention = jsonMapOf(spec.persistentVolumeClaimRetentionPolicy);
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
  if (isJsonMap(spec.ordinals))
    errs.push(...nonNegative('spec.ordinals.start', spec.ordinals.start ?? 0));
  errs.push(
    ...nonNegative('spec.replicas', spec.replicas),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...validateRequiredSelector(spec, 'statefulset'),
  );
  const template = jsonMapOf(spec.template);
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
  const template = jsonMapOf(spec.template);
  const claims = Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
  if (!claims.length) return template;
  const podSpec = jsonMapOf(template.spec);
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  const names = claims.map((c: JsonMap) => ({
    name: jsonMapOf(c?.metadata).name ?? '',
    persistentVolumeClaim: { claimName: jsonMapOf(c?.metadata).name ?? '' },
  }));
  return { ...template, spec: { ...podSpec, volumes: [...volumes, ...names] } };
}

/** ValidateDaemonSetSpec (a missing selector is reported only as a label mismatch). */
function validateDaemonSetSpec(spec: JsonMap): FieldError[] {
  const selector = selectorOf(spec);
  const template = jsonMapOf(spec.template);
  const errs = selector ? validateLabelSelector(selector, 'spec.selector') : [];
  if (!isUnparsableSelector(selector) && !(selector && isEmptySelector(selector)))
    if (!selectorMatches(selector, jsonMapOf(template.metadata).labels))
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
    ...validateDaemonSetStrategy(jsonMapOf(spec.updateStrategy)),
    ...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit),
  );
  return errs;
}

/** `spec.selector: Invalid value: ...: field is immutable` when an update changes it. */
export function immutableSelector(spec: JsonMap, old: JsonMap | undefined): FieldError[] {
  if (!old) return [];
  const before = goLabelSelector(jsonMapOf(jsonMapOf(old.spec).selector));
  const after = goLabelSelector(jsonMapOf(spec.selector));
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
  if (deepEqual(rest(spec), rest(jsonMapOf(old.spec)))) return [];
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
  const spec = jsonMapOf(obj.spec);
  const errs = specValidators[kind]?.(spec) ?? [];
  if (!old) return errs;
  if (kind === 'StatefulSet') return [...errs, ...statefulSetSpecUpdate(spec, old)];
  // a DaemonSet's selector is checked before its spec, the others' after
  if (kind === 'DaemonSet') return [...immutableSelector(spec, old), ...errs];
  return [...errs, ...immutableSelector(spec, old)];
}
