import { InitialEventsEndAnnotation, StatusError } from '@kubekit/apimachinery';
import type { KubeObject, Status, WatchEvent } from '@kubekit/apimachinery';
import type { ReflectorStore } from '../reflector';
import { ReflectorError } from '../reflector-error';
import { isWatchConnectionLost } from './reflector-errors';
import type { Clock, TimerHandle } from '@kubekit/apimachinery';
import type { WatchSession } from './watch-session';

/** What {@link handleWatch} needs from its Reflector. */
export interface WatchHandlerContext {
  name: string;
  clock: Clock;
  /** Close the watch after this long without an event; 0: never. */
  inactivityTimeoutMs: number;
  /** The Reflector's stop signal. */
  signal: AbortSignal;
  /** Hands a recovered error to the watch error handler. */
  report(err: unknown): void;
  /** Called with the clock reading of every event. */
  onEvent(time: number): void;
  /** When set, objects of ADDED/MODIFIED/DELETED events must have this apiVersion and kind. */
  expected?: { apiVersion: string; kind: string; description: string } | undefined;
}

/** Where watch events are applied. */
export type WatchSink<T> = Pick<ReflectorStore<T>, 'add' | 'update' | 'delete'>;

/**
 * Applies the events of one watch to `sink` until the stream ends, calling
 * `setResourceVersion` after each (port of client-go's handleAnyWatch). Events come a batch at
 * a time (see WatchSession) and a batch is applied synchronously, in order, so one chunk of the
 * stream costs one asynchronous hand-over; the stop signal is honoured between any two events.
 * With `exitOnInitialEventsEnd`, returns true right after the initial-events-end bookmark,
 * leaving the stream open (the rest of that bookmark's batch is kept in the session for the next
 * call); otherwise returns whether that bookmark was seen.
 *
 * Errors: throws the server's ERROR event as a StatusError (whether yielded or thrown by the
 * stream; the events before it in its batch are applied first), the stream's other errors except
 * a lost connection (a normal end), ReflectorError `WatchInactive` when the inactivity guard
 * closed the stream, and
 * `VeryShortWatch` when it ended within a second without any event. Returns quietly when the
 * stop signal aborted. Bad events and store failures are reported and skipped.
 */
export async function handleWatch<T extends KubeObject>(
  session: WatchSession<T>,
  sink: WatchSink<T>,
  ctx: WatchHandlerContext,
  exitOnInitialEventsEnd: boolean,
  setResourceVersion: (rv: string, eventReceivedBesidesAdded: boolean) => void,
): Promise<boolean> {
  const { clock, signal, name } = ctx;
  const start = clock.now();
  let lastEventAt = start;
  let eventCount = 0;
  let besidesAdded = false;
  let initialEventsEnd = false;
  const inactivityMs = ctx.inactivityTimeoutMs;
  let guard: TimerHandle | undefined;
  const check = () => {
    const idle = clock.now() - lastEventAt;
    if (idle < inactivityMs) {
      guard = clock.setTimeout(check, inactivityMs - idle);
      return;
    }
    session.inactive = true;
    session.close();
  };
  if (inactivityMs > 0) guard = clock.setTimeout(check, inactivityMs);
  // Read per event: a flag, since `signal.aborted` of a composite signal (AbortSignal.any)
  // dereferences WeakRefs on every read, which keeps objects alive and costs major GCs.
  let stopped = signal.aborted;
  const onAbort = () => (stopped = true);
  signal.addEventListener('abort', onAbort, { once: true });
  /**
   * Applies one event to the sink; returns its object's resourceVersion ('' when it has none), or
   * undefined when the event was reported and skipped. Throws an ERROR event's StatusError.
   */
  const apply = (event: WatchEvent<T> | undefined): string | undefined => {
    const obj = event?.object as T | undefined;
    if (event?.type === 'ERROR') throw new StatusError((obj ?? {}) as Status);
    if (typeof obj !== 'object' || obj === null) {
      ctx.report(new ReflectorError('UnexpectedEvent', `${name}: watch event without object`));
      return undefined;
    }
    const expected = ctx.expected;
    if (
      expected &&
      event!.type !== 'BOOKMARK' &&
      (obj.apiVersion !== expected.apiVersion || obj.kind !== expected.kind)
    ) {
      // client-go's check of expectedType/expectedGVK: the object never enters the store.
      const actual = `apiVersion ${obj.apiVersion ?? '(none)'}, kind ${obj.kind ?? '(none)'}`;
      ctx.report(
        new ReflectorError(
          'UnexpectedEvent',
          `${name}: Unexpected watch event object gvk: expected ${expected.description}, got ${actual}`,
        ),
      );
      return undefined;
    }
    try {
      switch (event!.type) {
        case 'ADDED':
          sink.add(obj);
          break;
        case 'MODIFIED':
          besidesAdded = true;
          sink.update(obj);
          break;
        case 'DELETED':
          besidesAdded = true;
          sink.delete(obj);
          break;
        case 'BOOKMARK':
          besidesAdded = true;
          if (obj.metadata?.annotations?.[InitialEventsEndAnnotation] === 'true') {
            initialEventsEnd = true;
          }
          break;
        default:
          ctx.report(
            new ReflectorError(
              'UnexpectedEvent',
              `${name}: unknown watch event type ${String(event!.type)}`,
            ),
          );
          return undefined;
      }
    } catch (err) {
      ctx.report(err); // e.g. an object without a name: skip it, keep watching
    }
    return obj.metadata?.resourceVersion ?? '';
  };
  const inactive = (cause?: unknown) =>
    new ReflectorError('WatchInactive', `${name}: no watch event for ${inactivityMs} ms`, {
      cause,
    });
  try {
    for (;;) {
      let next: IteratorResult<readonly unknown[], unknown>;
      try {
        next = await session.nextBatch();
      } catch (err) {
        if (signal.aborted) return initialEventsEnd;
        if (session.inactive) throw inactive(err);
        // A normal end, as in client-go; not while streaming a list, which must not be taken
        // for a server ignoring sendInitialEvents.
        if (!exitOnInitialEventsEnd && isWatchConnectionLost(err)) break;
        throw err;
      }
      if (next.done) break;
      lastEventAt = clock.now();
      ctx.onEvent(lastEventAt);
      const events = next.value;
      // One batch is applied synchronously: only a sink or a report may stop the watch meanwhile.
      for (let i = 0; i < events.length; i++) {
        if (stopped) return initialEventsEnd;
        const rv = apply(events[i] as WatchEvent<T>);
        if (rv === undefined) continue;
        if (rv) setResourceVersion(rv, besidesAdded);
        eventCount++;
        if (exitOnInitialEventsEnd && initialEventsEnd) {
          session.keep(events.slice(i + 1) as WatchEvent<T>[]);
          return true;
        }
      }
    }
  } finally {
    if (guard) clock.clearTimeout(guard);
    signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) return initialEventsEnd;
  if (session.inactive) throw inactive();
  if (clock.now() - start < 1000 && eventCount === 0) {
    throw new ReflectorError(
      'VeryShortWatch',
      `very short watch: ${name}: unexpected watch close - watch lasted less than a second and no items received`,
    );
  }
  return initialEventsEnd;
}
