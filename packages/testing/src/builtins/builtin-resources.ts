import type { KubeObject } from '@kubekit/apimachinery';
import { admitCreatedPod } from './defaults/pod-admission';
import {
  admitNode,
  clearStatus,
  finalizeNamespace,
  prepareNamespace,
  prepareNode,
  preparePod,
  zeroStatus,
} from './create-hooks';
import { generateJobSelector, nextTemplateGeneration } from './defaults/workload-defaults';
import { allocateService, prepareService } from './defaults/service-defaults';
import type { ResourceDef } from '../storage/resource-def';
import { builtinFieldLabelConversions, coreEventFieldLabels } from './field-labels';
import type { ResourceStrategy } from '../storage/strategy';
import { getPath, type JsonMap } from '../semantics/json';

/**
 * The declarative table of built-in resources the server serves, with the facts kube-apiserver's
 * registry strategies encode: scope, short names, categories, status / scale subresources,
 * generation tracking, field-selector fields, create-time resets and defaults.
 *
 * @see https://github.com/kubernetes/kubernetes/tree/master/pkg/registry
 */

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** Field-selector fields taken verbatim from the object (missing values match ""). */
function fields(...paths: string[]): (obj: KubeObject) => Record<string, string> {
  return (obj) => Object.fromEntries(paths.map((p) => [p, str(getPath(obj, p))]));
}

function podFields(obj: KubeObject): Record<string, string> {
  const o = obj as JsonMap;
  return {
    'spec.nodeName': str(o.spec?.nodeName),
    'spec.restartPolicy': str(o.spec?.restartPolicy),
    'spec.schedulerName': str(o.spec?.schedulerName),
    'spec.serviceAccountName': str(o.spec?.serviceAccountName),
    'spec.hostNetwork': String(o.spec?.hostNetwork === true),
    'status.phase': str(o.status?.phase),
    'status.podIP': str(o.status?.podIP),
    'status.nominatedNodeName': str(o.status?.nominatedNodeName),
  };
}

const scaleReplicas = {
  specReplicasPath: 'spec.replicas',
  statusReplicasPath: 'status.replicas',
  labelSelectorPath: 'status.selector',
};

function v(
  group: string,
  version: string,
  rows: Omit<BuiltinResourceDef, 'group' | 'versions' | 'storageVersion'>[],
): BuiltinResourceDef[] {
  return rows.map((r) => {
    const fieldLabelConversion = builtinFieldLabelConversions[`${group}/${r.kind}`];
    return {
      group,
      versions: [{ name: version }],
      storageVersion: version,
      ...(fieldLabelConversion && { fieldLabelConversion }),
      ...r,
    };
  });
}

/**
 * A row of the built-in table: the resource, and the create / update hooks of its registry
 * strategy (builtin-strategies.ts adds the kind's validation).
 */
export type BuiltinResourceDef = ResourceDef &
  Pick<ResourceStrategy, 'prepareForCreate' | 'admitOnCreate' | 'prepareForUpdate'>;

/** Every built-in resource, in discovery order. */
export const builtinResources: readonly BuiltinResourceDef[] = [
  ...v('', 'v1', [
    {
      resource: 'namespaces',
      kind: 'Namespace',
      listKind: 'NamespaceList',
      singular: 'namespace',
      namespaced: false,
      shortNames: ['ns'],
      status: true,
      prepareForCreate: prepareNamespace,
      admitOnCreate: finalizeNamespace,
      fieldLabels: fields('status.phase'),
      deleteCollection: false,
    },
    {
      resource: 'pods',
      kind: 'Pod',
      listKind: 'PodList',
      singular: 'pod',
      namespaced: true,
      shortNames: ['po'],
      categories: ['all'],
      status: true,
      generation: true,
      podSubresources: true,
      returnDeletedObject: true,
      prepareForCreate: preparePod,
      admitOnCreate: (o) => admitCreatedPod((o as JsonMap).spec),
      fieldLabels: podFields,
    },
    {
      resource: 'services',
      kind: 'Service',
      listKind: 'ServiceList',
      singular: 'service',
      namespaced: true,
      shortNames: ['svc'],
      categories: ['all'],
      status: true,
      returnDeletedObject: true,
      prepareForCreate: prepareService,
      admitOnCreate: allocateService,
    },
    {
      resource: 'endpoints',
      kind: 'Endpoints',
      listKind: 'EndpointsList',
      singular: 'endpoints',
      namespaced: true,
      shortNames: ['ep'],
    },
    {
      resource: 'configmaps',
      kind: 'ConfigMap',
      listKind: 'ConfigMapList',
      singular: 'configmap',
      namespaced: true,
      shortNames: ['cm'],
    },
    {
      resource: 'secrets',
      kind: 'Secret',
      listKind: 'SecretList',
      singular: 'secret',
      namespaced: true,
      fieldLabels: fields('type'),
    },
    {
      resource: 'serviceaccounts',
      kind: 'ServiceAccount',
      listKind: 'ServiceAccountList',
      singular: 'serviceaccount',
      namespaced: true,
      shortNames: ['sa'],
    },
    {
      resource: 'events',
      kind: 'Event',
      listKind: 'EventList',
      singular: 'event',
      namespaced: true,
      shortNames: ['ev'],
      fieldLabels: fields(...coreEventFieldLabels),
    },
    {
      resource: 'nodes',
      kind: 'Node',
      listKind: 'NodeList',
      singular: 'node',
      namespaced: false,
      shortNames: ['no'],
      status: true,
      prepareForCreate: prepareNode,
      admitOnCreate: admitNode,
      fieldLabels: (o) => ({
        'spec.unschedulable': String((o as JsonMap).spec?.unschedulable === true),
      }),
    },
    {
      resource: 'persistentvolumeclaims',
      kind: 'PersistentVolumeClaim',
      listKind: 'PersistentVolumeClaimList',
      singular: 'persistentvolumeclaim',
      namespaced: true,
      shortNames: ['pvc'],
      status: true,
      prepareForCreate: (o) => {
        const claim = o as JsonMap;
        claim.status = { phase: 'Pending' };
        claim.spec ??= {};
        claim.spec.volumeMode ??= 'Filesystem'; // v1 defaulting; immutable afterwards
      },
    },
  ]),
  ...v('apps', 'v1', [
    {
      resource: 'deployments',
      kind: 'Deployment',
      listKind: 'DeploymentList',
      singular: 'deployment',
      namespaced: true,
      shortNames: ['deploy'],
      categories: ['all'],
      status: true,
      scale: scaleReplicas,
      generation: true,
      prepareForCreate: clearStatus,
    },
    {
      resource: 'statefulsets',
      kind: 'StatefulSet',
      listKind: 'StatefulSetList',
      singular: 'statefulset',
      namespaced: true,
      shortNames: ['sts'],
      categories: ['all'],
      status: true,
      scale: scaleReplicas,
      generation: true,
      prepareForCreate: zeroStatus('replicas', 'availableReplicas'),
    },
    {
      resource: 'daemonsets',
      kind: 'DaemonSet',
      listKind: 'DaemonSetList',
      singular: 'daemonset',
      namespaced: true,
      shortNames: ['ds'],
      categories: ['all'],
      status: true,
      generation: true,
      prepareForCreate: zeroStatus(
        'currentNumberScheduled',
        'numberMisscheduled',
        'desiredNumberScheduled',
        'numberReady',
      ),
      prepareForUpdate: nextTemplateGeneration,
    },
    {
      resource: 'replicasets',
      kind: 'ReplicaSet',
      listKind: 'ReplicaSetList',
      singular: 'replicaset',
      namespaced: true,
      shortNames: ['rs'],
      categories: ['all'],
      status: true,
      scale: scaleReplicas,
      generation: true,
      prepareForCreate: zeroStatus('replicas'),
      fieldLabels: (o) => ({ 'status.replicas': String((o as JsonMap).status?.replicas ?? 0) }),
    },
  ]),
  ...v('batch', 'v1', [
    {
      resource: 'jobs',
      kind: 'Job',
      listKind: 'JobList',
      singular: 'job',
      namespaced: true,
      categories: ['all'],
      status: true,
      generation: true,
      defaultPropagation: 'Orphan',
      prepareForCreate: clearStatus,
      admitOnCreate: generateJobSelector,
      fieldLabels: (o) => ({ 'status.successful': String((o as JsonMap).status?.succeeded ?? 0) }),
    },
    {
      resource: 'cronjobs',
      kind: 'CronJob',
      listKind: 'CronJobList',
      singular: 'cronjob',
      namespaced: true,
      shortNames: ['cj'],
      categories: ['all'],
      status: true,
      generation: true,
      prepareForCreate: clearStatus,
    },
  ]),
  ...v('coordination.k8s.io', 'v1', [
    {
      resource: 'leases',
      kind: 'Lease',
      listKind: 'LeaseList',
      singular: 'lease',
      namespaced: true,
    },
  ]),
  ...v('events.k8s.io', 'v1', [
    {
      resource: 'events',
      kind: 'Event',
      listKind: 'EventList',
      singular: 'event',
      namespaced: true,
      shortNames: ['ev'],
      fieldLabels: fields(
        'regarding.kind',
        'regarding.namespace',
        'regarding.name',
        'regarding.uid',
        'reason',
        'reportingController',
        'type',
      ),
    },
  ]),
  ...v('policy', 'v1', [
    {
      resource: 'poddisruptionbudgets',
      kind: 'PodDisruptionBudget',
      listKind: 'PodDisruptionBudgetList',
      singular: 'poddisruptionbudget',
      namespaced: true,
      shortNames: ['pdb'],
      status: true,
      generation: true,
      prepareForCreate: clearStatus,
    },
  ]),
  ...v('scheduling.k8s.io', 'v1', [
    {
      resource: 'priorityclasses',
      kind: 'PriorityClass',
      listKind: 'PriorityClassList',
      singular: 'priorityclass',
      namespaced: false,
      shortNames: ['pc'],
      prepareForCreate: (o) => {
        (o as JsonMap).preemptionPolicy ??= 'PreemptLowerPriority'; // v1 defaulting; immutable
      },
    },
  ]),
  ...v('apiextensions.k8s.io', 'v1', [
    {
      resource: 'customresourcedefinitions',
      kind: 'CustomResourceDefinition',
      listKind: 'CustomResourceDefinitionList',
      singular: 'customresourcedefinition',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      status: true,
      generation: true,
      deletionFinalizer: 'customresourcecleanup.apiextensions.k8s.io',
      prepareForCreate: clearStatus,
    },
  ]),
];
