import type { FieldError } from '@kubekit/apimachinery';
import {
  childPath,
  duplicate,
  forbidden,
  indexPath,
  invalid,
  notSupported,
  required,
} from '../../semantics/schema/field-error';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isLabelValue,
  isQualifiedName,
} from '../../semantics/schema/name-validation';
import { admitUpdatedPod, defaultPod } from '../defaults/pod-admission';
import { defaultPodSpecInDepth } from '../defaults/pod-defaults';
import {
  validateContainers,
  validateImagesOnlyForPod,
  validateInitContainers,
} from './container-validation';
import { validatePodSpecUpdate } from './pod-update-validation';
import { normalizePodStatus } from './pod-status-validation';
import { formatQuantity, parseQuantity } from './quantity';
import { validateTolerations } from './toleration-validation';
import { type JsonMap, jsonMapsOf, stringOf } from '../../semantics/json';

/**
 * kube-apiserver's validation of pods (ValidatePodCreate, ValidatePodUpdate and the
 * ValidatePodSpec they share), on the v1 object after defaulting, with kube's messages, field
 * paths and order. Metadata is checked by the generic store; this covers the spec: volume
 * names, containers and init containers, the pod-level policies, names of the
 * service account, node, host and subdomain, activeDeadlineSeconds and tolerations; then on
 * update what may change at all (pod-update-validation.ts). Status writes are not validated.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
 */

const maxInt32 = 2147483647;

/** Volume sources in the order kube checks them, with the field name its errors use. */
const volumeSources: [string, string][] = [
  ['emptyDir', 'emptyDir'],
  ...[
    'hostPath',
    'gitRepo',
    'gcePersistentDisk',
    'awsElasticBlockStore',
    'secret',
    'nfs',
    'iscsi',
    'glusterfs',
    'flocker',
    'persistentVolumeClaim',
    'rbd',
    'cinder',
  ].map((k): [string, string] => [k, k]),
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'], // sic
  ...[
    'fc',
    'flexVolume',
    'configMap',
    'azureFile',
    'vsphereVolume',
    'photonPersistentDisk',
    'portworxVolume',
    'azureDisk',
    'storageos',
    'projected',
    'scaleIO',
    'csi',
    'ephemeral',
    'image',
  ].map((k): [string, string] => [k, k]),
];

/**
 * Volumes: one source each (the defaults give every volume one; the contents of sources are not
 * checked), names DNS-1123 labels and unique; returns the names of the valid ones.
 */
function validateVolumes(volumes: JsonMap[], path: string, errs: FieldError[]): Set<string> {
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const at = indexPath(path, i);
    const own: FieldError[] = volumeSources
      .filter(([key]) => v[key] !== undefined && v[key] !== null)
      .slice(1)
      .map(([, field]) =>
        forbidden(childPath(at, field), 'may not specify more than 1 volume type'),
      );
    const name = stringOf(v.name);
    if (!name) own.push(required(childPath(at, 'name')));
    else
      for (const msg of isDNS1123Label(name)) own.push(invalid(childPath(at, 'name'), name, msg));
    if (names.has(name)) own.push(duplicate(childPath(at, 'name'), name));
    if (own.length) errs.push(...own);
    else names.add(name);
  });
  return names;
}

/** `required` when empty, `Unsupported value` when not one of `supported`. */
function oneOf(field: string, value: unknown, supported: string[]): FieldError[] {
  if (value === undefined || value === null || value === '') return [required(field)];
  return supported.includes(value as string) ? [] : [notSupported(field, value, supported)];
}

function names(field: string, value: unknown, check: (v: string) => string[]): FieldError[] {
  const v = stringOf(value);
  return v ? check(v).map((msg) => invalid(field, v, msg)) : [];
}

/** ValidateLabels: keys are qualified names, values label values (nodeSelector). */
function validateLabelMap(labels: unknown, path: string): FieldError[] {
  if (!labels || typeof labels !== 'object') return [];
  return Object.entries(labels as JsonMap).flatMap(([k, v]) => [
    ...isQualifiedName(k).map((msg) => invalid(path, k, msg)),
    ...isLabelValue(stringOf(v)).map((msg) => invalid(`${path}[${k}]`, stringOf(v), msg)),
  ]);
}

/** ValidatePodSpec: what the spec of a pod or of a pod template (at `path`) must satisfy. */
export function validatePodSpec(spec: JsonMap, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (
    spec.terminationGracePeriodSeconds === undefined ||
    spec.terminationGracePeriodSeconds === null
  )
    errs.push(required(`${path}.terminationGracePeriodSeconds`));
  const volumes = validateVolumes(jsonMapsOf(spec.volumes), `${path}.volumes`, errs);
  errs.push(
    ...validateContainers(spec.containers, volumes, `${path}.containers`),
    ...validateInitContainers(
      spec.initContainers,
      spec.containers,
      volumes,
      `${path}.initContainers`,
    ),
    ...oneOf(`${path}.restartPolicy`, spec.restartPolicy, ['Always', 'OnFailure', 'Never']),
    ...oneOf(`${path}.dnsPolicy`, spec.dnsPolicy, [
      'ClusterFirstWithHostNet',
      'ClusterFirst',
      'Default',
      'None',
    ]),
    ...validateLabelMap(spec.nodeSelector, `${path}.nodeSelector`),
    ...names(`${path}.serviceAccountName`, spec.serviceAccountName, isDNS1123Subdomain),
    ...names(`${path}.nodeName`, spec.nodeName, isDNS1123Subdomain),
  );
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > maxInt32))
    errs.push(
      invalid(
        `${path}.activeDeadlineSeconds`,
        deadline,
        `must be between 1 and ${maxInt32}, inclusive`,
      ),
    );
  errs.push(
    ...names(`${path}.hostname`, spec.hostname, isDNS1123Label),
    ...names(`${path}.subdomain`, spec.subdomain, isDNS1123Label),
    ...validateTolerations(jsonMapsOf(spec.tolerations), `${path}.tolerations`),
    ...names(`${path}.priorityClassName`, spec.priorityClassName, isDNS1123Subdomain),
  );
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null)
    errs.push(
      ...oneOf(`${path}.preemptionPolicy`, spec.preemptionPolicy, [
        'PreemptLowerPriority',
        'Never',
      ]),
    );
  return errs;
}

/** ValidatePodSpec plus validateContainersOnlyForPod: what a pod's spec must satisfy. */
function validatePodSpecOfPod(spec: JsonMap): FieldError[] {
  return [
    ...validatePodSpec(spec, 'spec'),
    ...validateImagesOnlyForPod(spec.containers, 'spec.containers'),
    ...validateImagesOnlyForPod(spec.initContainers, 'spec.initContainers'),
  ];
}

/** ValidatePodCreate (the spec part): the spec rules, and no ephemeral containers yet. */
export function validatePodCreate(pod: JsonMap): FieldError[] {
  const spec: JsonMap = pod.spec ?? {};
  const errs = validatePodSpecOfPod(spec);
  if (jsonMapsOf(spec.ephemeralContainers).length)
    errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (stringOf(spec.nodeName) && jsonMapsOf(spec.schedulingGates).length)
    errs.push(
      forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'),
    );
  return errs;
}

/** ValidatePodUpdate (the spec part): the spec rules, then what an update may change. */
export function validatePodUpdate(pod: JsonMap, old: JsonMap): FieldError[] {
  const spec: JsonMap = pod.spec ?? {};
  return [...validatePodSpecOfPod(spec), ...validatePodSpecUpdate(spec, old.spec ?? {})];
}

/** Quantities are stored in their canonical form (`0.5` becomes `500m`, `1.5Gi` `1536Mi`). */
function canonicalResources(spec: JsonMap): void {
  for (const c of [...jsonMapsOf(spec.initContainers), ...jsonMapsOf(spec.containers)]) {
    for (const key of ['limits', 'requests']) {
      const amounts = c.resources?.[key];
      if (!amounts || typeof amounts !== 'object') continue;
      for (const [name, v] of Object.entries(amounts)) {
        const q = parseQuantity(v);
        if (q) amounts[name] = formatQuantity(q);
      }
    }
  }
}

/**
 * Container restart rules (feature ContainerRestartRules, alpha and off in 1.34) are dropped
 * from written pods: a container's restartPolicy and restartPolicyRules, and an init
 * container's restartPolicy unless it is Always (a sidecar).
 */
function dropContainerRestartRules(spec: JsonMap): void {
  for (const c of jsonMapsOf(spec.initContainers)) {
    if (c.restartPolicy !== 'Always') delete c.restartPolicy;
    delete c.restartPolicyRules;
  }
  for (const c of [...jsonMapsOf(spec.containers), ...jsonMapsOf(spec.ephemeralContainers)]) {
    delete c.restartPolicy;
    delete c.restartPolicyRules;
  }
}

/** The pod validation of a create (`old` undefined) or an update. */
export function validatePod(pod: JsonMap, old: JsonMap | undefined): FieldError[] {
  return old ? validatePodUpdate(pod, old) : validatePodCreate(pod);
}

/**
 * What decoding a written pod adds: the nested v1 defaults of its spec, and the times of its
 * conditions (metav1.Time is a struct, so a zero one is written as null and managedFields own it).
 * An update also gets the pod's v1 defaults and update admission (see pod-admission.ts).
 */
export function normalizePod(pod: JsonMap, old: JsonMap | undefined): void {
  if (pod.spec && typeof pod.spec === 'object') {
    if (old) {
      // create defaults and admits in the pod's create strategy; an update does it here
      defaultPod(pod.spec);
      admitUpdatedPod(pod.spec, old.spec ?? {});
    }
    defaultPodSpecInDepth(pod.spec);
    dropContainerRestartRules(pod.spec);
    canonicalResources(pod.spec);
    // the v1 to internal Pod conversion turns a negative grace period into 1
    if (pod.spec.terminationGracePeriodSeconds < 0) pod.spec.terminationGracePeriodSeconds = 1;
  }
  if (pod.status && typeof pod.status === 'object') {
    normalizePodStatus(pod.status);
    // the status strategy keeps the QoS class a status write leaves out (it may not change it)
    if (old && !pod.status.qosClass && old.status?.qosClass)
      pod.status.qosClass = old.status.qosClass;
  }
  for (const c of jsonMapsOf(pod.status?.conditions)) {
    c.lastProbeTime ??= null;
    c.lastTransitionTime ??= null;
  }
}
