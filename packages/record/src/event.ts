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
  /** The referent's `group/version` (`v1` for the core group). */
  apiVersion?: string;
  /** The referent's kind, such as `Pod`. */
  kind?: string;
  /** The referent's name. */
  name?: string;
  /** The referent's namespace; absent for cluster-scoped objects. */
  namespace?: string;
  /** The referent's UID, telling apart objects that reused a name. */
  uid?: string;
  /** The referent's resourceVersion when the event was recorded. */
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
  /** `v1`. */
  apiVersion?: string;
  /** `Event`. */
  kind?: string;
  /** Name (`<object>.<hex time>`), namespace (the object's, or `default`), annotations. */
  metadata: ObjectMeta;
  /** The object the event is about. */
  involvedObject: ObjectReference;
  /** Short, machine-readable CamelCase reason (`FailedScheduling`). */
  reason?: string;
  /** Human-readable description. */
  message?: string;
  /** The component (and host) that reported it. */
  source?: EventSource;
  /** When the event was first recorded. */
  firstTimestamp?: string;
  /** When the event was most recently recorded. */
  lastTimestamp?: string;
  /** How many times it occurred. */
  count?: number;
  /** `Normal` or `Warning`. */
  type?: string;
  /** MicroTime of this occurrence; sent to events.k8s.io only (core/v1 sinks strip it). */
  eventTime?: string;
  /** What was done or failed, for events.k8s.io. */
  action?: string;
  /** A second object involved, for events.k8s.io. */
  related?: ObjectReference;
  /** The reporting controller (the recorder's source component). */
  reportingComponent?: string;
  /** The reporting instance (the recorder's source host). */
  reportingInstance?: string;
}

/** The series of an events.k8s.io/v1 Event that occurred more than once. */
export interface EventSeries {
  /** Occurrences so far. */
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
  /** `events.k8s.io/v1`. */
  apiVersion?: string;
  /** `Event`. */
  kind?: string;
  /** Name and namespace, as for core/v1 events. */
  metadata: ObjectMeta;
  /** MicroTime of the first occurrence (required). */
  eventTime: string;
  /** Present once the event repeated. */
  series?: EventSeries;
  /** The controller that emitted it, such as `kubeflow.org/tfjob-controller`. */
  reportingController?: string;
  /** The instance of that controller (pod or host name). */
  reportingInstance?: string;
  /** What was done or failed (kubekit uses the reason unless the event sets one). */
  action?: string;
  /** Short, machine-readable CamelCase reason. */
  reason?: string;
  /** The object the event is about. */
  regarding?: ObjectReference;
  /** A second object involved. */
  related?: ObjectReference;
  /** Human-readable description, at most 1 KiB. */
  note?: string;
  /** `Normal` or `Warning`. */
  type?: string;
  /** core/v1 `source`, as the server converts it. */
  deprecatedSource?: EventSource;
  /** core/v1 `firstTimestamp`, as the server converts it. */
  deprecatedFirstTimestamp?: string;
  /** core/v1 `lastTimestamp`, as the server converts it. */
  deprecatedLastTimestamp?: string;
  /** core/v1 `count`, as the server converts it. */
  deprecatedCount?: number;
}
