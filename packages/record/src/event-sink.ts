import type { CoreEvent, EventsV1Event } from './event';
import type { EventPatch } from './events-cache';
import { microTime, parseTime } from './internal/time-format';
import { withoutResourceVersion } from './internal/without-resource-version';

/** Options every sink call accepts. */
export interface SinkCallOptions {
  /** Aborts the call (the broadcaster aborts calls still running at its shutdown deadline). */
  signal?: AbortSignal;
}

/**
 * Where a broadcaster writes events (client-go's record.EventSink): create a new event, or patch
 * the count and timestamp of one it wrote before. Events come in the core/v1 shape; a sink for
 * another API converts them. Errors should be `StatusError`s: a NotFound answer to `patch` makes
 * the broadcaster create the event afresh.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/record/event.go
 */
export interface EventSink {
  /** Creates `event`; resolves with the event as the server stored it (with its resourceVersion). */
  create(event: CoreEvent, options?: SinkCallOptions): Promise<CoreEvent>;
  /** Applies `patch` to the existing `event` (name and namespace from it); resolves with the result. */
  patch(event: CoreEvent, patch: EventPatch, options?: SinkCallOptions): Promise<CoreEvent>;
}

/**
 * The two calls a sink makes on the Events of one API (core/v1 or events.k8s.io/v1): the narrow
 * interface a typed client, the dynamic client (see `eventClientFromRest`) or a fake implements.
 */
export interface EventClient<T> {
  /** POST `event` into `namespace`. */
  create(namespace: string, event: T, options?: SinkCallOptions): Promise<T>;
  /** PATCH the event `name` with a JSON merge patch (`application/merge-patch+json`). */
  patch(
    namespace: string,
    name: string,
    mergePatch: Record<string, unknown>,
    options?: SinkCallOptions,
  ): Promise<T>;
}

/** The namespace an event is written to: its own, else its object's, else `default`. */
function namespaceOf(event: CoreEvent): string {
  return event.metadata.namespace || event.involvedObject.namespace || 'default';
}

/**
 * A sink writing core/v1 Events (`/api/v1/namespaces/{ns}/events`), the API client-go's
 * tools/record writes; repeats patch `count`, `lastTimestamp` and `message`.
 */
export function coreV1EventSink(client: EventClient<CoreEvent>): EventSink {
  return {
    create: (event, options) => {
      // eventTime belongs to the events.k8s.io API; core/v1 Events written by client-go's
      // tools/record leave it unset
      const { eventTime: _eventTime, ...rest } = event;
      return client.create(
        namespaceOf(event),
        {
          apiVersion: 'v1',
          kind: 'Event',
          ...rest,
          metadata: withoutResourceVersion(event).metadata,
        },
        options,
      );
    },
    patch: (event, { count, lastTimestamp, message }, options) =>
      client.patch(
        namespaceOf(event),
        event.metadata.name ?? '',
        { count, lastTimestamp, message },
        options,
      ),
  };
}

/** events.k8s.io/v1 limits `note` to 1 KiB. */
const maxNoteLength = 1024;

/**
 * A sink writing events.k8s.io/v1 Events (`/apis/events.k8s.io/v1/namespaces/{ns}/events`), the
 * API client-go's tools/events writes: `regarding`, `note`, `reportingController` /
 * `reportingInstance` (from the recorder's source), `action` (the reason unless the event sets
 * one), and repeats recorded as a `series` patch (`count`, `lastObservedTime`). Notes longer than
 * 1 KiB are truncated. Resolves with the written event converted back to the core/v1 shape.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/events/event_broadcaster.go
 */
export function eventsV1EventSink(client: EventClient<EventsV1Event>): EventSink {
  return {
    create: async (event, options) =>
      fromEventsV1(await client.create(namespaceOf(event), toEventsV1(event), options)),
    patch: async (event, patch, options) =>
      fromEventsV1(
        await client.patch(
          namespaceOf(event),
          event.metadata.name ?? '',
          { series: { count: patch.count, lastObservedTime: patch.lastObservedTime } },
          options,
        ),
      ),
  };
}

/** The events.k8s.io/v1 form of a core/v1 event. */
export function toEventsV1(event: CoreEvent): EventsV1Event {
  const first = parseTime(event.eventTime ?? event.firstTimestamp, Date.now());
  const note = event.message ?? '';
  const component = event.reportingComponent || event.source?.component || '';
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: withoutResourceVersion(event).metadata,
    eventTime: microTime(first),
    ...((event.count ?? 1) > 1
      ? {
          series: {
            count: event.count!,
            lastObservedTime: microTime(parseTime(event.lastTimestamp, first)),
          },
        }
      : {}),
    reportingController: component,
    reportingInstance: event.reportingInstance || event.source?.host || component,
    action: event.action || event.reason || '',
    reason: event.reason ?? '',
    regarding: event.involvedObject,
    ...(event.related ? { related: event.related } : {}),
    note: note.length > maxNoteLength ? note.slice(0, maxNoteLength) : note,
    type: event.type ?? '',
  };
}

/** The core/v1 form of an events.k8s.io/v1 event (what the correlator tracks). */
export function fromEventsV1(event: EventsV1Event): CoreEvent {
  const first = event.deprecatedFirstTimestamp ?? event.eventTime;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: event.metadata,
    involvedObject: event.regarding ?? {},
    ...(event.related ? { related: event.related } : {}),
    reason: event.reason ?? '',
    message: event.note ?? '',
    source: event.deprecatedSource ?? {
      component: event.reportingController ?? '',
      host: event.reportingInstance ?? '',
    },
    firstTimestamp: first,
    lastTimestamp: event.series?.lastObservedTime ?? event.deprecatedLastTimestamp ?? first,
    count: event.series?.count ?? event.deprecatedCount ?? 1,
    type: event.type ?? '',
    eventTime: event.eventTime,
    action: event.action ?? '',
    reportingComponent: event.reportingController ?? '',
    reportingInstance: event.reportingInstance ?? '',
  };
}
