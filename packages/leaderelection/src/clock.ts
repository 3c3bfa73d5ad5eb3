import type { Clock as ApimachineryClock, TimerHandle } from '@kubekit/apimachinery';

/**
 * The time source of leader election: the reading and one-shot timers of
 * `@kubekit/apimachinery`'s `Clock` (its `realClock` and `FakeClock` fit as they are).
 *
 * Guarantees: leader election only ever subtracts two readings of the same clock, so the
 * origin of `now()` is irrelevant and clocks of different candidates may disagree arbitrarily
 * (clock skew); only their rates are assumed to be close (within the margin
 * `leaseDuration - renewDeadline`).
 *
 * @see https://github.com/kubernetes/utils/blob/master/clock/clock.go
 */
export type Clock = Pick<ApimachineryClock, 'now' | 'setTimeout' | 'clearTimeout'>;

/**
 * The default clock of leader election: monotonic (`performance.timeOrigin + performance.now()`,
 * so wall-clock steps made by NTP or an operator never shorten or stretch a lease) and the
 * global timers. Globals are looked up at each call, so jest fake timers installed later apply.
 */
export const monotonicClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms) as unknown as TimerHandle,
  clearTimeout: (handle) =>
    globalThis.clearTimeout(handle as unknown as ReturnType<typeof setTimeout>),
};
