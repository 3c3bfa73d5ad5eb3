import type { Clock as ApimachineryClock } from '@kubekit/apimachinery';

/**
 * The time source of event recording: readings (timestamps, aggregation windows, the spam
 * filter's token buckets) and one-shot timers (retries, shutdown deadlines) — the part of
 * `@kubekit/apimachinery`'s `Clock` it uses, so its `realClock` and `FakeClock` fit as they are.
 * `now()` is milliseconds since the Unix epoch (event timestamps are written from it).
 */
export type Clock = Pick<ApimachineryClock, 'now' | 'setTimeout' | 'clearTimeout'>;
