/**
 * @kubekit/record: Kubernetes events for controllers (client-go's tools/record): an
 * EventBroadcaster fanning events out to API sinks (events.k8s.io/v1 or core/v1) and loggers,
 * EventRecorders that never block, and the EventCorrelator's aggregation and spam filter.
 * @packageDocumentation
 */
export type { Clock } from './clock';
export { EventType } from './event';
export type { CoreEvent, EventsV1Event, EventSeries, EventSource, ObjectReference } from './event';
export { RecordError } from './record-error';
export type { RecordErrorReason } from './record-error';
export { EventCorrelator, eventKey, spamKey, aggregateByReason } from './events-cache';
export type { EventCorrelatorOptions, CorrelationResult, EventPatch } from './events-cache';
export { coreV1EventSink, eventsV1EventSink, toEventsV1, fromEventsV1 } from './event-sink';
export type { EventSink, EventClient, SinkCallOptions } from './event-sink';
export { eventClientFromRest } from './event-client-from-rest';
export type { EventsApi } from './event-client-from-rest';
export { referenceTo } from './event-recorder';
export type { EventRecorder, EventSubject } from './event-recorder';
export { EventBroadcaster } from './event-broadcaster';
export type { EventBroadcasterOptions, EventWatch, ShutdownOptions } from './event-broadcaster';
