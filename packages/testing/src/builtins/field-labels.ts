import {
  fieldLabelNotSupported as notSupported,
  sameLabels as same,
} from '../storage/field-label-conversion';
import type { FieldLabelConversion } from '../storage/resource-def';

/**
 * The field-selector labels of the built-in kinds that have a field label conversion function of
 * their own (scheme.AddFieldLabelConversionFunc), with their error texts; the other kinds get
 * the storage's default (storage/field-label-conversion.ts).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/conversion.go
 */

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

/** The conversion of each built-in kind that has one, by `group/Kind`. */
export const builtinFieldLabelConversions: Readonly<Record<string, FieldLabelConversion>> = {
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
