import type { RESTClient } from '@kubekit/rest';
import type { CoreEvent, EventsV1Event } from './event';
import type { EventClient, SinkCallOptions } from './event-sink';

/** The Events APIs an {@link EventClient} can speak. */
export type EventsApi = 'v1' | 'events.k8s.io/v1';

/**
 * An {@link EventClient} on a `RESTClient` from `@kubekit/rest`: POST and merge-PATCH on
 * `/api/v1/namespaces/{ns}/events` (`'v1'`) or `/apis/events.k8s.io/v1/namespaces/{ns}/events`
 * (`'events.k8s.io/v1'`). Pass it to {@link coreV1EventSink} or {@link eventsV1EventSink}
 * respectively. Errors are the client's `StatusError`s and `RequestError`s. Only types come from
 * `@kubekit/rest`, so recording to a fake or another client never loads it.
 */
export function eventClientFromRest(
  client: Pick<RESTClient, 'post' | 'patch'>,
  api: 'v1',
): EventClient<CoreEvent>;
export function eventClientFromRest(
  client: Pick<RESTClient, 'post' | 'patch'>,
  api: 'events.k8s.io/v1',
): EventClient<EventsV1Event>;
export function eventClientFromRest(
  client: Pick<RESTClient, 'post' | 'patch'>,
  api: EventsApi,
): EventClient<CoreEvent> | EventClient<EventsV1Event> {
  const groupVersion =
    api === 'v1' ? { group: '', version: 'v1' } : { group: 'events.k8s.io', version: 'v1' };
  return {
    create: (namespace: string, event: CoreEvent | EventsV1Event, options?: SinkCallOptions) =>
      client
        .post()
        .groupVersion(groupVersion)
        .namespace(namespace)
        .resource('events')
        .body(event)
        .signal(options?.signal)
        .do(),
    patch: (
      namespace: string,
      name: string,
      mergePatch: Record<string, unknown>,
      options?: SinkCallOptions,
    ) =>
      client
        .patch('application/merge-patch+json')
        .groupVersion(groupVersion)
        .namespace(namespace)
        .resource('events')
        .name(name)
        .body(mergePatch)
        .signal(options?.signal)
        .do(),
  } as EventClient<CoreEvent> | EventClient<EventsV1Event>;
}
