import { LRUCache } from 'lru-cache';
import type { Clock } from './clock';
import type { CoreEvent } from './event';
import { RecordError } from './record-error';
import { TokenBucketRateLimiter } from '@kubekit/rest';
import { eventName } from './internal/event-name';
import { microTime, rfc3339 } from './internal/time-format';

/** The event's source and the object it is about (client-go getSpamKey's fields). */
function sourceAndObject(event: CoreEvent): string[] {
  const o = event.involvedObject;
  return [
    event.source?.component ?? '',
    event.source?.host ?? '',
    o.kind ?? '',
    o.namespace ?? '',
    o.name ?? '',
    o.uid ?? '',
    o.apiVersion ?? '',
  ];
}

/** Everything that identifies an event except its message: source, object, type, reason. */
function similarityKey(event: CoreEvent): string[] {
  return [...sourceAndObject(event), event.type ?? '', event.reason ?? ''];
}

/** The key of identical events (client-go getEventKey): similar ones with the same message. */
export function eventKey(event: CoreEvent): string {
  return JSON.stringify([
    ...similarityKey(event),
    event.involvedObject.fieldPath ?? '',
    event.message ?? '',
  ]);
}

/**
 * The spam filter's key (client-go getSpamKey): one token bucket per source, object and event
 * type, so Normal events never use up the budget of the object's Warnings.
 */
export function spamKey(event: CoreEvent): string {
  return JSON.stringify([...sourceAndObject(event), event.type ?? '']);
}

/**
 * Groups events for aggregation (client-go EventAggregatorByReasonFunc): events with the same
 * source, object, type, reason and reporter are similar; the message tells them apart.
 */
export function aggregateByReason(event: CoreEvent): { aggregateKey: string; localKey: string } {
  return {
    aggregateKey: JSON.stringify([
      ...similarityKey(event),
      event.reportingComponent ?? '',
      event.reportingInstance ?? '',
    ]),
    localKey: event.message ?? '',
  };
}

/** Options of {@link EventCorrelator}; the defaults are client-go's. */
export interface EventCorrelatorOptions {
  /** The time source. */
  clock: Clock;
  /** Entries of each of the three LRU caches (aggregation, dedup, spam). Default 4096. */
  cacheSize?: number;
  /** Distinct messages of similar events within the interval before they are combined. Default 10. */
  maxSimilarEvents?: number;
  /** The aggregation window: a similar event older than this starts afresh. Default 600 000 (10 min). */
  aggregationIntervalMs?: number;
  /** Events of one type a source may burst about one object. Default 25. */
  spamBurst?: number;
  /** Refill rate of that budget, events per second (> 0). Default 1/300 (one every 5 minutes). */
  spamQps?: number;
  /** The message of a combined event. Default `(combined from similar events): <message>`. */
  aggregateMessage?: (event: CoreEvent) => string;
}

/** What the correlator decided for one event. */
export interface CorrelationResult {
  /** The event to write: possibly renamed, counted, or replaced by the combined event. */
  event: CoreEvent;
  /** Set when the event repeats one already written: patch these fields of `event` instead. */
  patch?: EventPatch;
  /** True when the spam filter dropped the event: write nothing. */
  skip: boolean;
}

/** What changes on the server when an event repeats. */
export interface EventPatch {
  /** Occurrences so far. */
  count: number;
  /** RFC 3339 time of this occurrence (core/v1 `lastTimestamp`). */
  lastTimestamp: string;
  /** MicroTime of this occurrence (events.k8s.io/v1 `series.lastObservedTime`). */
  lastObservedTime: string;
  /** The message of this occurrence (it changes for aggregated events). */
  message: string;
}

interface AggregateRecord {
  /** Distinct messages seen in the current window (never more than maxSimilarEvents). */
  localKeys: Set<string>;
  /** When a similar event was last seen. */
  lastSeen: number;
}

interface EventLog {
  count: number;
  firstTimestamp: string | undefined;
  name: string;
  resourceVersion: string | undefined;
}

/**
 * Keeps a controller from flooding the API server with events (client-go's EventCorrelator):
 *
 * - Aggregation: when more than `maxSimilarEvents` (10) distinct messages of similar events
 *   (same source, object, type, reason) occur within `aggregationIntervalMs` (10 min), further
 *   ones are written as one event `(combined from similar events): <latest message>`.
 * - Deduplication: an identical event (same message too) is not written again; its `count` and
 *   `lastTimestamp` are patched on the existing one.
 * - Spam filter: a token bucket per source, object and type (burst 25, one more every 5
 *   minutes) drops the excess.
 *
 * Memory is bounded: each of the three caches is an LRU of `cacheSize` entries.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/record/events_cache.go
 */
export class EventCorrelator {
  readonly #clock: Clock;
  readonly #maxSimilar: number;
  readonly #intervalMs: number;
  readonly #spamBurst: number;
  readonly #spamQps: number;
  readonly #aggregateMessage: (event: CoreEvent) => string;
  readonly #aggregates: LRUCache<string, AggregateRecord>;
  readonly #logs: LRUCache<string, EventLog>;
  readonly #spam: LRUCache<string, TokenBucketRateLimiter>;

  /** @throws {@link RecordError} (`InvalidOptions`) for non-positive sizes or limits. */
  constructor(options: EventCorrelatorOptions) {
    const cacheSize = options.cacheSize ?? 4096;
    this.#clock = options.clock;
    this.#maxSimilar = options.maxSimilarEvents ?? 10;
    this.#intervalMs = options.aggregationIntervalMs ?? 600_000;
    this.#spamBurst = options.spamBurst ?? 25;
    this.#spamQps = options.spamQps ?? 1 / 300;
    this.#aggregateMessage =
      options.aggregateMessage ?? ((e) => `(combined from similar events): ${e.message ?? ''}`);
    for (const [name, value] of Object.entries({
      cacheSize,
      maxSimilarEvents: this.#maxSimilar,
      spamBurst: this.#spamBurst,
    })) {
      if (!Number.isInteger(value) || value < 1)
        throw new RecordError('InvalidOptions', `${name} must be a positive integer`);
    }
    if (!(this.#spamQps > 0) || !Number.isFinite(this.#spamQps))
      throw new RecordError('InvalidOptions', 'spamQps must be a positive finite number');
    if (!(this.#intervalMs >= 0))
      throw new RecordError('InvalidOptions', 'aggregationIntervalMs must not be negative');
    this.#aggregates = new LRUCache({ max: cacheSize });
    this.#logs = new LRUCache({ max: cacheSize });
    this.#spam = new LRUCache({ max: cacheSize });
  }

  /** Decides how `event` (as made by a recorder: count 1, fresh name) should be written. */
  correlate(event: CoreEvent): CorrelationResult {
    const { event: aggregated, key } = this.#aggregate(event);
    const { event: observed, patch } = this.#observe(aggregated, key);
    return { event: observed, ...(patch ? { patch } : {}), skip: this.#filter(observed) };
  }

  /** Records what the server returned for a written event, so later repeats patch it. */
  updateState(event: CoreEvent): void {
    this.#logs.set(eventKey(event), {
      count: event.count ?? 1,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name ?? '',
      resourceVersion: event.metadata.resourceVersion,
    });
  }

  #aggregate(event: CoreEvent): { event: CoreEvent; key: string } {
    const now = this.#clock.now();
    const { aggregateKey, localKey } = aggregateByReason(event);
    let record = this.#aggregates.get(aggregateKey);
    if (!record || now - record.lastSeen > this.#intervalMs) {
      record = { localKeys: new Set(), lastSeen: now };
    }
    record.localKeys.add(localKey);
    record.lastSeen = now;
    this.#aggregates.set(aggregateKey, record);
    if (record.localKeys.size < this.#maxSimilar) return { event, key: eventKey(event) };

    // keep the set bounded: forget one message (client-go pops an arbitrary one)
    const first = record.localKeys.values().next();
    if (!first.done) record.localKeys.delete(first.value);
    const stamp = rfc3339(now);
    const combined: CoreEvent = {
      ...event,
      metadata: {
        name: eventName(event.involvedObject.name ?? '', now),
        namespace: event.metadata.namespace,
      },
      count: 1,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      eventTime: microTime(now),
      message: this.#aggregateMessage(event),
    };
    return { event: combined, key: aggregateKey };
  }

  #observe(event: CoreEvent, key: string): { event: CoreEvent; patch?: EventPatch } {
    const last = this.#logs.get(key);
    let observed = event;
    let patch: EventPatch | undefined;
    if (last && last.count > 0) {
      observed = {
        ...event,
        metadata: { ...event.metadata, name: last.name, resourceVersion: last.resourceVersion },
        firstTimestamp: last.firstTimestamp,
        count: last.count + 1,
      };
      const now = this.#clock.now();
      patch = {
        count: observed.count!,
        lastTimestamp: observed.lastTimestamp ?? rfc3339(now),
        lastObservedTime: observed.eventTime ?? microTime(now),
        message: observed.message ?? '',
      };
    }
    this.#logs.set(key, {
      count: observed.count ?? 1,
      firstTimestamp: observed.firstTimestamp,
      name: observed.metadata.name ?? '',
      resourceVersion: observed.metadata.resourceVersion,
    });
    return { event: observed, ...(patch ? { patch } : {}) };
  }

  /** True when the source has exhausted its budget for this object. */
  #filter(event: CoreEvent): boolean {
    const key = spamKey(event);
    let bucket = this.#spam.get(key);
    if (!bucket) {
      bucket = new TokenBucketRateLimiter({
        qps: this.#spamQps,
        burst: this.#spamBurst,
        clock: this.#clock,
      });
      this.#spam.set(key, bucket);
    }
    return !bucket.tryAccept();
  }
}
