import { isNotFound, realClock, type TimerHandle } from '@kubekit/apimachinery';
import type { Clock } from './clock';
import type { CoreEvent, EventSource } from './event';
import { EventCorrelator, type EventCorrelatorOptions } from './events-cache';
import type { EventSink } from './event-sink';
import { EventRecorderImpl, type EventRecorder } from './event-recorder';
import { RecordError } from './record-error';
import { EventWatcher } from './internal/event-watcher';
import { describeEvent, permanentWriteFailure } from './internal/write-failures';
import { withoutResourceVersion } from './internal/without-resource-version';

/** Options of {@link EventBroadcaster}. */
export interface EventBroadcasterOptions {
  /** The time source of timestamps, correlation and retries. Default: apimachinery's `realClock`. */
  clock?: Clock;
  /** Events each watcher may hold before new ones are dropped. Default 1000 (client-go). */
  maxQueuedEvents?: number;
  /** Attempts to write one event before giving up. Default 12 (client-go). */
  maxTriesPerEvent?: number;
  /** The wait between attempts; the first retry waits a random part of it. Default 10 000. */
  retryIntervalMs?: number;
  /** Correlator settings for sinks (aggregation, spam filter, cache sizes); clock excluded. */
  correlator?: Omit<EventCorrelatorOptions, 'clock'>;
  /** Uniform random numbers in [0, 1) for the first retry's jitter. Default `Math.random`. */
  random?: () => number;
  /**
   * Told about every event that was not recorded: invalid, dropped (queue full, shut down), or
   * rejected by a sink. Never called synchronously from a sink write. Default: ignored.
   */
  onError?: (err: RecordError) => void;
}

/** Stops one consumer started on an {@link EventBroadcaster}. */
export interface EventWatch {
  /**
   * Stops delivering: events still queued for this consumer are dropped (and counted), the write
   * in progress is aborted through its signal.
   */
  stop(): Promise<void>;
}

/** Options of {@link EventBroadcaster.shutdown}. */
export interface ShutdownOptions {
  /** How long queued events may take to be written before they are dropped. Default 10 000. */
  timeoutMs?: number;
}

/**
 * Fans recorded events out to sinks, loggers and watchers (client-go's EventBroadcaster). Each
 * consumer has its own bounded queue and works through it on its own, so a slow API server never
 * blocks a recorder and never delays the other consumers.
 *
 * Guarantees: recording is synchronous and O(consumers); when a consumer's queue is full the event
 * is dropped for it and counted in {@link EventBroadcaster.droppedEvents} (and reported to
 * `onError`). Sinks get correlated events (aggregation, deduplication, spam filter); a failed
 * write is retried up to `maxTriesPerEvent` times unless it cannot succeed (client-go's
 * recordEvent): a request that cannot be built ("Unable to construct event ... (will not
 * retry!)") or an event the server rejected ("Server rejected event ... (will not retry!)")
 * is reported once and dropped. A repeat whose event vanished (Patch NotFound) is created anew
 * without a resourceVersion.
 *
 * Caveats: unlike client-go, which gives up on every API error status, answers that say the
 * server is overloaded or failing (429, 500, 503, 504, server timeouts) are retried: deliberate,
 * since they pass; every other status (invalid, AlreadyExists, Forbidden, ...) is final.
 * `shutdown()` flushes queued events within its timeout.
 *
 * @example
 * ```ts
 * const broadcaster = new EventBroadcaster();
 * broadcaster.startRecordingToSink(eventsV1EventSink(eventClientFromRest(client, 'events.k8s.io/v1')));
 * const recorder = broadcaster.newRecorder({ component: 'tfjob-controller' });
 * recorder.eventf(job, 'Normal', 'SuccessfulCreatePod', 'Created pod: %s', pod.metadata.name);
 * await broadcaster.shutdown();
 * ```
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/record/event.go
 */
export class EventBroadcaster {
  readonly #clock: Clock;
  readonly #capacity: number;
  readonly #maxTries: number;
  readonly #retryIntervalMs: number;
  readonly #random: () => number;
  readonly #correlatorOptions: Omit<EventCorrelatorOptions, 'clock'>;
  readonly #onError: (err: RecordError) => void;
  readonly #watchers = new Set<EventWatcher>();
  #dropped = 0;
  #shutDown = false;

  /** @throws {@link RecordError} (`InvalidOptions`) for non-positive limits. */
  constructor(options: EventBroadcasterOptions = {}) {
    this.#clock = options.clock ?? realClock;
    this.#capacity = options.maxQueuedEvents ?? 1000;
    this.#maxTries = options.maxTriesPerEvent ?? 12;
    this.#retryIntervalMs = options.retryIntervalMs ?? 10_000;
    this.#random = options.random ?? Math.random;
    this.#correlatorOptions = options.correlator ?? {};
    this.#onError = options.onError ?? (() => {});
    for (const [name, value] of Object.entries({
      maxQueuedEvents: this.#capacity,
      maxTriesPerEvent: this.#maxTries,
    })) {
      if (!Number.isInteger(value) || value < 1)
        throw new RecordError('InvalidOptions', `${name} must be a positive integer`);
    }
    if (!(this.#retryIntervalMs >= 0))
      throw new RecordError('InvalidOptions', 'retryIntervalMs must not be negative');
    // validate the correlator options now rather than at the first sink
    new EventCorrelator({ ...this.#correlatorOptions, clock: this.#clock });
  }

  /** Events dropped so far, summed over consumers: queues full, shut down, or writes abandoned. */
  get droppedEvents(): number {
    return this.#dropped;
  }

  /** A recorder whose events carry `source` (component, host) and go through this broadcaster. */
  newRecorder(source: EventSource): EventRecorder {
    return new EventRecorderImpl({
      source,
      clock: this.#clock,
      emit: (event) => this.#action(event),
      invalid: (err) => this.#report(err),
    });
  }

  /** Calls `handler` with every event (uncorrelated), one at a time, in order. */
  startEventWatcher(handler: (event: CoreEvent) => void | Promise<void>): EventWatch {
    return this.#start((event) => handler(event));
  }

  /**
   * Writes every event to `sink` after correlation (aggregation, deduplication, spam filter),
   * retrying failed writes with `retryIntervalMs` between attempts.
   */
  startRecordingToSink(sink: EventSink): EventWatch {
    const correlator = new EventCorrelator({ ...this.#correlatorOptions, clock: this.#clock });
    return this.#start((event, signal) => this.#recordToSink(sink, correlator, event, signal));
  }

  /** Logs every event as one line (client-go's StartLogging format) through `log`. */
  startLogging(log: (line: string, event: CoreEvent) => void): EventWatch {
    return this.#start((event) => {
      const o = event.involvedObject;
      log(
        `Event(${o.kind ?? ''} ${o.namespace ? `${o.namespace}/` : ''}${o.name ?? ''}): type: '${event.type ?? ''}' reason: '${event.reason ?? ''}' ${event.message ?? ''}`,
        event,
      );
    });
  }

  /**
   * Stops accepting events and flushes: waits until every consumer has handled its queue, or
   * until `timeoutMs` passed, then stops them (in-flight writes and retry waits are aborted;
   * still-queued events are counted as dropped). Resolves by the deadline even when a sink
   * ignores its abort signal.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    this.#shutDown = true;
    const watchers = [...this.#watchers];
    let timer: TimerHandle | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = this.#clock.setTimeout(resolve, options.timeoutMs ?? 10_000);
    });
    await Promise.race([Promise.all(watchers.map((w) => w.idle())), deadline]);
    if (timer) this.#clock.clearTimeout(timer);
    await Promise.all(watchers.map((w) => this.#stopWatcher(w)));
  }

  #start(handle: (event: CoreEvent, signal: AbortSignal) => void | Promise<void>): EventWatch {
    const watcher = new EventWatcher(this.#capacity, handle, (err) =>
      this.#report(new RecordError('WriteFailed', 'an event consumer failed', { cause: err })),
    );
    if (this.#shutDown) watcher.stop();
    else this.#watchers.add(watcher);
    return { stop: () => this.#stopWatcher(watcher) };
  }

  async #stopWatcher(watcher: EventWatcher): Promise<void> {
    this.#watchers.delete(watcher);
    const discarded = watcher.stop();
    if (discarded > 0) {
      this.#dropped += discarded;
      this.#report(new RecordError('Dropped', `${discarded} queued events dropped at stop`));
    }
  }

  /** Hands `event` to every consumer; never blocks, drops where a queue is full. */
  #action(event: CoreEvent): void {
    if (this.#shutDown) {
      this.#dropped++;
      this.#report(new RecordError('Dropped', 'event recorded after shutdown'));
      return;
    }
    for (const watcher of this.#watchers) {
      if (!watcher.offer(event)) {
        this.#dropped++;
        this.#report(
          new RecordError(
            'Dropped',
            `event queue full (${this.#capacity}): dropped ${event.reason ?? ''}`,
          ),
        );
      }
    }
  }

  /** client-go's recordToSink: correlate, then write with retries. */
  async #recordToSink(
    sink: EventSink,
    correlator: EventCorrelator,
    recorded: CoreEvent,
    signal: AbortSignal,
  ): Promise<void> {
    const result = correlator.correlate(structuredClone(recorded));
    if (result.skip) return;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#write(sink, correlator, result.event, result.patch, signal);
      if (outcome === 'done') return;
      const retry =
        !signal.aborted &&
        attempt < this.#maxTries &&
        (await this.#sleep(
          attempt === 1 ? this.#random() * this.#retryIntervalMs : this.#retryIntervalMs,
          signal,
        ));
      if (!retry) {
        this.#dropped++;
        const why = signal.aborted ? 'stopped' : 'retry limit exceeded!';
        this.#report(
          new RecordError(
            'WriteFailed',
            `Unable to write event ${describeEvent(result.event)} (${why}) after ${attempt} attempts`,
            { cause: outcome.error },
          ),
        );
        return;
      }
    }
  }

  /** One attempt: patch a repeat (create when it vanished), create a new event. */
  async #write(
    sink: EventSink,
    correlator: EventCorrelator,
    event: CoreEvent,
    patch: Parameters<EventSink['patch']>[1] | undefined,
    signal: AbortSignal,
  ): Promise<'done' | { error: unknown }> {
    try {
      let written: CoreEvent | undefined;
      if (patch) {
        try {
          written = await sink.patch(event, patch, { signal });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      // a new event never carries the resourceVersion of the one that vanished (client-go)
      written ??= await sink.create(withoutResourceVersion(event), { signal });
      correlator.updateState({
        ...event,
        metadata: {
          ...event.metadata,
          name: written.metadata.name ?? event.metadata.name,
          resourceVersion: written.metadata.resourceVersion,
        },
      });
      return 'done';
    } catch (err) {
      const permanent = permanentWriteFailure(err, event);
      if (permanent === undefined) return { error: err };
      this.#dropped++;
      this.#report(new RecordError('WriteFailed', permanent, { cause: err }));
      return 'done';
    }
  }

  /** Waits `ms`; false when `signal` aborted first. */
  #sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const onAbort = () => {
        this.#clock.clearTimeout(timer);
        resolve(false);
      };
      const timer = this.#clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #report(err: RecordError): void {
    try {
      this.#onError(err);
    } catch {
      // the error handler must not break recording
    }
  }
}
