import { newBadRequest } from '@kubekit/apimachinery';
import type { ResourceDef } from '../storage/resource-def';

/**
 * The field-selector labels each kind accepts, as kube-apiserver's field label conversion
 * functions decide them (scheme.AddFieldLabelConversionFunc), with their error texts. Kinds
 * without a function of their own accept only metadata.name and metadata.namespace; custom
 * resources accept metadata.name (metadata.namespace when namespaced) and their CRD's
 * selectableFields.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/conversion.go
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/runtime/conversion.go
 */
interface LabelRule {
  /** Accepted labels, mapped to the field the storage indexes (usually themselves). */
  labels: Record<string, string>;
  /** The error text for an unsupported label. */
  reject(label: string): string;
}

/** The fields of a core/v1 Event a field selector may name besides metadata.name and .namespace. */
export const coreEventFieldLabels = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

const same = (...labels: string[]): Record<string, string> =>
  Object.fromEntries(labels.map((l) => [l, l]));
const notSupported = (label: string): string => `field label not supported: ${label}`;

const rules: Record<string, LabelRule> = {
  '/Pod': {
    labels: {
      ...same(
        'metadata.name',
        'metadata.namespace',
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'spec.hostNetwork',
        'status.phase',
        'status.podIP',
        'status.podIPs',
        'status.nominatedNodeName',
      ),
      // old v1 clients send spec.host
      'spec.host': 'spec.nodeName',
    },
    reject: notSupported,
  },
  '/Node': { labels: same('metadata.name', 'spec.unschedulable'), reject: notSupported },
  '/ReplicationController': {
    labels: same('metadata.name', 'metadata.namespace', 'status.replicas'),
    reject: notSupported,
  },
  '/Event': {
    labels: same(...coreEventFieldLabels, 'metadata.namespace', 'metadata.name'),
    reject: notSupported,
  },
  '/Namespace': { labels: same('status.phase', 'metadata.name'), reject: notSupported },
  '/Secret': { labels: same('type', 'metadata.namespace', 'metadata.name'), reject: notSupported },
  '/Service': {
    labels: same('metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'),
    reject: notSupported,
  },
  'batch/Job': {
    labels: same('metadata.name', 'metadata.namespace', 'status.successful'),
    reject: (label) => `field label ${JSON.stringify(label)} not supported for Job`,
  },
  'events.k8s.io/Event': {
    labels: same(
      'reason',
      'regarding.kind',
      'regarding.namespace',
      'regarding.name',
      'regarding.uid',
      'regarding.apiVersion',
      'regarding.resourceVersion',
      'regarding.fieldPath',
      'reportingController',
      'type',
      'metadata.namespace',
      'metadata.name',
    ),
    reject: notSupported,
  },
};

const defaultRule: LabelRule = {
  labels: same('metadata.name', 'metadata.namespace'),
  reject: (label) =>
    `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

/** The selectableFields of a custom resource's served versions. */
export function selectableFields(def: ResourceDef): string[] {
  return [...new Set(def.versions.flatMap((v) => v.selectableFields ?? []))];
}

function ruleFor(def: ResourceDef): LabelRule {
  if (def.crdName) {
    const labels = same(
      'metadata.name',
      ...(def.namespaced ? ['metadata.namespace'] : []),
      ...selectableFields(def),
    );
    return { labels, reject: notSupported };
  }
  return rules[`${def.group}/${def.kind}`] ?? defaultRule;
}

/**
 * The field `label` selects on objects of `def` (`spec.host` selects pods by spec.nodeName);
 * 400 BadRequest with kube's text when the kind does not support it.
 */
export function convertFieldLabel(def: ResourceDef, label: string): string {
  const rule = ruleFor(def);
  const field = Object.hasOwn(rule.labels, label) ? rule.labels[label] : undefined;
  if (field === undefined) throw newBadRequest(rule.reject(label));
  return field;
}
