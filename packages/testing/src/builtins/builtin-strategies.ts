import type { FieldError, GroupKind } from '@kubekit/apimachinery';
import { defaultCoreEvent, defaultEventsV1Event } from './defaults/event-defaults';
import { normalizeServiceUpdate } from './defaults/service-defaults';
import * as workloads from './defaults/workload-defaults';
import { builtinResources } from './builtin-resources';
import { resourceKey } from '../storage/resource-def';
import type { Obj } from '../storage/store';
import type { ResourceStrategy } from '../storage/strategy';
import {
  dropEmptyMap,
  normalizeConfigMap,
  normalizeSecret,
  validateConfigMap,
  validateConfigMapUpdate,
  validateSecret,
  validateSecretUpdate,
} from './validation/config-validation';
import { validateEvent } from './validation/event-validation';
import { normalizeLease, validateLease } from './validation/lease-validation';
import { validatePodStatusUpdate } from './validation/pod-status-validation';
import { normalizePod, validatePod } from './validation/pod-validation';
import { validateJobStatusUpdate } from './validation/job-status-validation';
import { validateCronJob, validateJob } from './validation/job-validation';
import { validateService } from './validation/service-validation';
import { validateWorkloadStatus } from './validation/workload-status-validation';
import { validateAppsWorkload } from './validation/workload-validation';

/**
 * The per-kind part of kube-apiserver's registry strategies for built-in resources: what
 * decoding and defaulting do to a written object, and the kind's own validation (metadata is
 * validated by the generic store for every kind).
 *
 * @see https://github.com/kubernetes/kubernetes/tree/master/pkg/registry
 */
interface BuiltinStrategy {
  /** Decoding and defaulting, on every write (may throw a 400 for a body that cannot decode). */
  normalize?(obj: Obj, old: Obj | undefined): void;
  /** The kind's validation; `old` is set on updates. */
  validate(obj: Obj, old: Obj | undefined): FieldError[];
  /** The validation of a write through the `status` subresource (`old` is the stored object). */
  validateStatus?(obj: Obj, old: Obj | undefined): FieldError[];
  /** The kind errors are reported for, when not the resource's own (events.k8s.io: `Event`). */
  errorKind?: GroupKind;
}

/** The strategy of an apps/v1 workload kind: its defaults, spec and status validation. */
function appsWorkload(kind: string, normalize: BuiltinStrategy['normalize']): BuiltinStrategy {
  return {
    normalize,
    validate: (o, old) => validateAppsWorkload(kind, o, old),
    validateStatus: (o) => validateWorkloadStatus(kind, o),
  };
}

const strategies: Record<string, BuiltinStrategy> = {
  configmaps: {
    normalize: normalizeConfigMap,
    validate: (o, old) => (old ? validateConfigMapUpdate(o, old) : validateConfigMap(o)),
  },
  secrets: {
    normalize: normalizeSecret,
    validate: (o, old) => (old ? validateSecretUpdate(o, old) : validateSecret(o)),
  },
  services: { normalize: normalizeServiceUpdate, validate: validateService },
  pods: {
    normalize: normalizePod,
    validate: validatePod,
    validateStatus: (o, old) => (old ? validatePodStatusUpdate(o, old) : []),
  },
  'deployments.apps': appsWorkload('Deployment', workloads.defaultDeployment),
  'replicasets.apps': appsWorkload('ReplicaSet', workloads.defaultReplicaSet),
  'statefulsets.apps': appsWorkload('StatefulSet', workloads.defaultStatefulSet),
  'daemonsets.apps': appsWorkload('DaemonSet', workloads.defaultDaemonSet),
  'jobs.batch': {
    normalize: workloads.defaultJob,
    validate: validateJob,
    validateStatus: validateJobStatusUpdate,
  },
  'cronjobs.batch': { normalize: workloads.defaultCronJob, validate: validateCronJob },
  'leases.coordination.k8s.io': { normalize: normalizeLease, validate: validateLease },
  events: {
    normalize: defaultCoreEvent,
    validate: (o, old) => validateEvent(o, { eventsV1: false, old }),
  },
  'events.events.k8s.io': {
    normalize: defaultEventsV1Event,
    validate: (o, old) => validateEvent(o, { eventsV1: true, old }),
    errorKind: { group: '', kind: 'Event' },
  },
};

/** Empty metadata maps and lists are `omitempty` in Go: a stored object never has them. */
function normalizeMetadata(meta: Obj | undefined): void {
  if (!meta) return;
  dropEmptyMap(meta, 'labels');
  dropEmptyMap(meta, 'annotations');
  for (const key of ['finalizers', 'ownerReferences']) {
    if (Array.isArray(meta[key]) && meta[key].length === 0) delete meta[key];
  }
}

/**
 * The registry strategy of every built-in resource, by resourceKey: the create / update hooks
 * of its row in the table, metadata normalization and the kind's decoding, defaulting and
 * validation (none for subresource writes but `status`, whose rules are the store's).
 */
export const builtinStrategies: ReadonlyMap<string, ResourceStrategy> = new Map(
  builtinResources.map((row): [string, ResourceStrategy] => {
    const kind: BuiltinStrategy | undefined = strategies[resourceKey(row)];
    return [
      resourceKey(row),
      {
        prepareForCreate: row.prepareForCreate,
        admitOnCreate: row.admitOnCreate,
        prepareForUpdate: row.prepareForUpdate,
        canonicalize: (obj, old) => {
          normalizeMetadata(obj.metadata);
          kind?.normalize?.(obj, old);
        },
        validate: (obj, old) => kind?.validate(obj, old) ?? [],
        validateSubresource: (subresource, obj, old) =>
          subresource === 'status' ? (kind?.validateStatus?.(obj, old) ?? []) : [],
        errorKind: kind?.errorKind,
      },
    ];
  }),
);
