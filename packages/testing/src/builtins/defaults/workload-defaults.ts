import type { KubeObject } from '@kubekit/apimachinery';
import { deepEqual, isJsonMap } from '../../semantics/json';
import { defaultPodTemplate } from './pod-template-defaults';
import type { JsonMap } from '../../semantics/json';

/**
 * The apps/v1 and batch/v1 defaults kube-apiserver applies whenever it decodes a workload
 * (create, update, patch: the writer owns them in managedFields), and what the registry adds on
 * create after managedFields are recorded (a Job's generated selector and pod labels, owned by
 * nobody). Pod templates get the pod spec defaults (pod-template-defaults.ts).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/v1/defaults.go
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/batch/v1/defaults.go
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/batch/job/strategy.go
 */

function specOf(o: JsonMap): JsonMap {
  if (!isJsonMap(o.spec)) o.spec = {};
  return o.spec;
}

/** A Go struct field: `{}` when the client left it out or sent null. */
function struct(holder: JsonMap, key: string): JsonMap {
  if (!isJsonMap(holder[key])) holder[key] = {};
  return holder[key];
}

/** Status conditions as Go writes them: their unset metav1.Time fields are null. */
function conditionTimes(o: JsonMap, ...fields: string[]): void {
  const conditions = isJsonMap(o.status) ? o.status.conditions : undefined;
  for (const c of Array.isArray(conditions) ? conditions : [])
    if (isJsonMap(c)) for (const f of fields) c[f] ??= null;
}

/** SetDefaults_Deployment. */
export function defaultDeployment(o: JsonMap): void {
  const spec = specOf(o);
  conditionTimes(o, 'lastUpdateTime', 'lastTransitionTime');
  spec.replicas ??= 1;
  const strategy = struct(spec, 'strategy');
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = struct(strategy, 'rollingUpdate');
    rolling.maxUnavailable ??= '25%';
    rolling.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(spec);
}

/** SetDefaults_ReplicaSet. */
export function defaultReplicaSet(o: JsonMap): void {
  const spec = specOf(o);
  conditionTimes(o, 'lastTransitionTime');
  spec.replicas ??= 1;
  defaultPodTemplate(spec);
}

/** SetDefaults_StatefulSet, and the claim templates as a PersistentVolumeClaim decodes. */
export function defaultStatefulSet(o: JsonMap): void {
  const spec = specOf(o);
  conditionTimes(o, 'lastTransitionTime');
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = struct(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    struct(strategy, 'rollingUpdate');
  }
  if (strategy.type === 'RollingUpdate' && isJsonMap(strategy.rollingUpdate))
    strategy.rollingUpdate.partition ??= 0;
  const retention = struct(spec, 'persistentVolumeClaimRetentionPolicy');
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.serviceName ??= '';
  defaultPodTemplate(spec);
  for (const claim of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
    if (!isJsonMap(claim)) continue;
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    struct(claim, 'spec').volumeMode ??= 'Filesystem';
    struct(claim, 'status').phase ||= 'Pending';
  }
}

/** The annotation apps/v1 carries a DaemonSet's template generation in. */
const templateGenerationAnnotation = 'deprecated.daemonset.template.generation';

function setTemplateGeneration(o: JsonMap, generation: number): void {
  const meta = struct(o, 'metadata');
  meta.annotations = { ...meta.annotations, [templateGenerationAnnotation]: String(generation) };
}

/** SetDefaults_DaemonSet; a created DaemonSet's template generation is 1 (owned by its creator). */
export function defaultDaemonSet(o: JsonMap, old: JsonMap | undefined): void {
  const spec = specOf(o);
  conditionTimes(o, 'lastTransitionTime');
  const strategy = struct(spec, 'updateStrategy');
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = struct(strategy, 'rollingUpdate');
    rolling.maxUnavailable ??= 1;
    rolling.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec);
  if (!old) setTemplateGeneration(o, 1);
}

/**
 * The DaemonSet registry's PrepareForUpdate: the template generation is the old one, plus one
 * when the template changed (whatever the client sent).
 */
export function nextTemplateGeneration(next: KubeObject, old: KubeObject): void {
  const before =
    Number((old as JsonMap).metadata?.annotations?.[templateGenerationAnnotation]) || 0;
  const changed = !deepEqual((old as JsonMap).spec?.template, (next as JsonMap).spec?.template);
  setTemplateGeneration(next as JsonMap, changed ? before + 1 : before);
}

/** SetDefaults_Job (a Job's labels default to its template's). */
export function defaultJob(o: JsonMap): void {
  const spec = specOf(o);
  conditionTimes(o, 'lastProbeTime', 'lastTransitionTime');
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? 2147483647 : 6;
  const template = defaultPodTemplate(spec);
  const meta = struct(o, 'metadata');
  const labels = template.metadata.labels;
  if (isJsonMap(labels) && !Object.keys(meta.labels ?? {}).length) meta.labels = { ...labels };
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  const rules = isJsonMap(spec.podFailurePolicy) ? spec.podFailurePolicy.rules : undefined;
  for (const rule of Array.isArray(rules) ? rules : []) {
    for (const pattern of Array.isArray(rule?.onPodConditions) ? rule.onPodConditions : [])
      if (isJsonMap(pattern)) pattern.status ||= 'True';
  }
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  spec.manualSelector ??= false;
}

/** SetDefaults_CronJob (its job template gets the pod template defaults only). */
export function defaultCronJob(o: JsonMap): void {
  const spec = specOf(o);
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobTemplate = struct(spec, 'jobTemplate');
  struct(jobTemplate, 'metadata');
  defaultPodTemplate(struct(jobTemplate, 'spec'));
}

/** The label keys a generated Job selector puts on its pods: uid and name, legacy and prefixed. */
const controllerUidLabels = ['batch.kubernetes.io/controller-uid', 'controller-uid'];
const jobNameLabels = ['batch.kubernetes.io/job-name', 'job-name'];

/**
 * The selector and pod labels the Job registry generates on create unless `manualSelector`
 * (labels the client set are kept, validation rejects conflicts). A Job whose labels were
 * defaulted from its template (or are still empty) gets the template's final labels, since in
 * kube both share one map.
 */
export function generateJobSelector(obj: KubeObject): void {
  const o = obj as JsonMap;
  const spec = specOf(o);
  if (spec.manualSelector === true) return;
  const meta = struct(o, 'metadata');
  const template = struct(spec, 'template');
  const templateMeta = struct(template, 'metadata');
  const before: JsonMap = { ...templateMeta.labels };
  const shared = !Object.keys(meta.labels ?? {}).length || deepEqual(meta.labels, before);
  const labels: JsonMap = { ...before };
  for (const key of jobNameLabels) labels[key] ??= meta.name;
  for (const key of controllerUidLabels) labels[key] ??= meta.uid;
  templateMeta.labels = labels;
  const selector = struct(spec, 'selector');
  const matchLabels = struct(selector, 'matchLabels');
  matchLabels[controllerUidLabels[0]!] ??= meta.uid;
  if (shared) meta.labels = { ...labels };
}

const emptyTemplate = { metadata: {}, spec: { containers: null } };

/**
 * The workloads as Go writes an empty one (the fields without omitempty that tracking compares
 * a created object with): a selector that was null is owned whole, a template or strategy that
 * was `{}` only by its fields.
 */
export const emptyWorkloads: Record<string, Readonly<JsonMap>> = {
  'apps/Deployment': { spec: { selector: null, template: emptyTemplate, strategy: {} } },
  'apps/ReplicaSet': { spec: { selector: null, template: emptyTemplate } },
  'apps/StatefulSet': {
    spec: { selector: null, template: emptyTemplate, serviceName: '', updateStrategy: {} },
  },
  'apps/DaemonSet': { spec: { selector: null, template: emptyTemplate, updateStrategy: {} } },
  'batch/Job': { spec: { template: emptyTemplate } },
  'batch/CronJob': {
    spec: { schedule: '', jobTemplate: { metadata: {}, spec: { template: emptyTemplate } } },
  },
};
