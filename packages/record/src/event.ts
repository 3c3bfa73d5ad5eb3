import type { ObjectMeta } from '@kubekit/apimachinery';

/** The two event types Kubernetes accepts. */
export const EventType = {
  /** Something expected happened. */
  Normal: 'Normal',
  /** Something may need attention. */
  Warning: 'Warning',
} as const;
/** `Normal` or `Warning`. */
export type EventType = (typeof EventType)[keyof typeof EventType];

/**
 * Points at the object an event is about (core/v1 ObjectReference).
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-reference/
 */
export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  /** A path inside the object (for example `spec.containers{web}`). */
  fieldPath?: string;
}

/** Which component (and host) reported an event. */
export interface EventSource {
  /** The reporting component, such as `tfjob-controller`. */
  component?: string;
  /** The node or instance it runs on. */
  host?: string;
}

/**
 * A core/v1 Event: the shape the recorder, the correlator and {@link EventSink}s work with (as in
 * client-go's tools/record). Timestamps are RFC 3339 strings, `eventTime` a MicroTime.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
 */
export interface CoreEvent {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  /** The object the event is about. */
  involvedObject: ObjectReference;
  /** Short, machine-readable CamelCase reason (`FailedScheduling`). */
  reason?: string;
  /** Human-readable description. */
  message?: string;
  source?: EventSource;
  /** When the event was first recorded. */
  firstTimestamp?: string;
  /** When the event was most recently recorded. */
  lastTimestamp?: string;
  /** How many times it occurred. */
  count?: number;
  /** `Normal` or `Warning`. */
  type?: string;
  eventTime?: string;
  /** What was done or failed, for events.k8s.io. */
  action?: string;
  /** A second object involved, for events.k8s.io. */
  related?: ObjectReference;
  reportingComponent?: string;
  reportingInstance?: string;
}

/** The series of an events.k8s.io/v1 Event that occurred more than once. */
export interface EventSeries {
  count: number;
  /** MicroTime of the latest occurrence. */
  lastObservedTime: string;
}

/**
 * An events.k8s.io/v1 Event, what {@link eventsV1EventSink} writes.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
 */
export interface EventsV1Event {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  /** MicroTime of the first occurrence (required). */
  eventTime: string;
  series?: EventSeries;
  reportingController?: string;
  reportingInstance?: string;
  action?: string;
  reason?: string;
  regarding?: ObjectReference;
  related?: ObjectReference;
  /** Human-readable description, at most 1 KiB. */
  note?: string;
  type?: string;
  deprecatedSource?: EventSource;
  deprecatedFirstTimestamp?: string;
  deprecatedLastTimestamp?: string;
  deprecatedCount?: number;
}
