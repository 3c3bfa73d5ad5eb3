import { FakeClock } from '@kubekit/apimachinery';
import type { CoreEvent } from './event';
import { EventCorrelator } from './events-cache';

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  name,
  namespace: 'ns',
  uid: `uid-${name}`,
});

function event(message: string, overrides: Partial<CoreEvent> = {}, clock?: FakeClock): CoreEvent {
  const stamp = new Date(clock?.now() ?? 0).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    metadata: { name: `web.${message.length}${Math.random()}`, namespace: 'ns' },
    involvedObject: pod('web'),
    reason: 'BackOff',
    message,
    type: 'Warning',
    source: { component: 'ctrl' },
    count: 1,
    firstTimestamp: stamp,
    lastTimestamp: stamp,
    ...overrides,
  };
}

describe('EventCorrelator', () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock({ now: Date.UTC(2025, 0, 1) });
  });

  it('patches the count and lastTimestamp of an identical event, keeping its name', () => {
    const correlator = new EventCorrelator({ clock });
    const first = correlator.correlate(event('restarting'));
    expect(first.patch).toBeUndefined();
    expect(first.skip).toBe(false);
    clock.step(30_000);
    const second = correlator.correlate(event('restarting', {}, clock));
    expect(second.event.metadata.name).toBe(first.event.metadata.name);
    expect(second.event.count).toBe(2);
    expect(second.event.firstTimestamp).toBe(first.event.firstTimestamp);
    expect(second.patch).toEqual({
      count: 2,
      lastTimestamp: '2025-01-01T00:00:30Z',
      lastObservedTime: '2025-01-01T00:00:30.000000Z',
      message: 'restarting',
    });
    expect(correlator.correlate(event('restarting')).patch?.count).toBe(3);
  });

  it('combines similar events once ten distinct messages occur within ten minutes', () => {
    const correlator = new EventCorrelator({ clock });
    const results = Array.from({ length: 12 }, (_, i) => {
      clock.step(1_000);
      return correlator.correlate(event(`probe failed: attempt ${i}`, {}, clock));
    });
    // the first nine go out as they are
    for (const [i, r] of results.slice(0, 9).entries()) {
      expect(r.event.message).toBe(`probe failed: attempt ${i}`);
      expect(r.patch).toBeUndefined();
    }
    // the tenth becomes a new combined event...
    const combined = results[9]!;
    expect(combined.event.message).toBe('(combined from similar events): probe failed: attempt 9');
    expect(combined.event.count).toBe(1);
    expect(combined.patch).toBeUndefined();
    // ...which later similar events patch, carrying their latest message
    expect(results[10]!.event.metadata.name).toBe(combined.event.metadata.name);
    expect(results[10]!.patch).toMatchObject({
      count: 2,
      message: '(combined from similar events): probe failed: attempt 10',
    });
    expect(results[11]!.patch?.count).toBe(3);
  });

  it('starts a fresh aggregation window after ten quiet minutes', () => {
    const correlator = new EventCorrelator({ clock });
    for (let i = 0; i < 9; i++) correlator.correlate(event(`m${i}`));
    clock.step(600_001);
    expect(correlator.correlate(event('m9')).event.message).toBe('m9');
  });

  it.each([
    ['reason', (i: number) => ({ reason: `Reason${i}` })],
    ['object', (i: number) => ({ involvedObject: pod(`p${i}`) })],
    ['type', (i: number) => ({ type: i % 2 ? 'Normal' : 'Warning', reason: `R${i >> 1}` })],
  ])('does not combine events that differ in %s', (_, differ) => {
    const correlator = new EventCorrelator({ clock, spamBurst: 1_000 });
    for (let i = 0; i < 20; i++) {
      expect(correlator.correlate(event(`m${i}`, differ(i))).event.message).toBe(`m${i}`);
    }
  });

  it('lets a source burst 25 events about an object, then one per 5 minutes', () => {
    const correlator = new EventCorrelator({ clock, maxSimilarEvents: 1_000 });
    const skipped = Array.from({ length: 30 }, (_, i) => correlator.correlate(event(`e${i}`)).skip);
    expect(skipped.filter((s) => !s)).toHaveLength(25);
    expect(skipped.slice(25)).toEqual([true, true, true, true, true]);
    // another object has its own budget
    expect(correlator.correlate(event('x', { involvedObject: pod('other') })).skip).toBe(false);
    clock.step(299_000);
    expect(correlator.correlate(event('late')).skip).toBe(true);
    clock.step(1_000);
    expect(correlator.correlate(event('refilled')).skip).toBe(false);
    expect(correlator.correlate(event('again')).skip).toBe(true);
  });

  it('keys the spam filter by event type too (client-go getSpamKey): Normal events leave the Warnings budget alone', () => {
    const correlator = new EventCorrelator({ clock, maxSimilarEvents: 1_000 });
    for (let i = 0; i < 25; i++)
      expect(correlator.correlate(event(`n${i}`, { type: 'Normal' })).skip).toBe(false);
    expect(correlator.correlate(event('n-over', { type: 'Normal' })).skip).toBe(true);
    expect(correlator.correlate(event('w0', { type: 'Warning' })).skip).toBe(false);
  });

  it('forgets the least recently used objects beyond its cache size', () => {
    const correlator = new EventCorrelator({ clock, cacheSize: 2 });
    correlator.correlate(event('same', { involvedObject: pod('a') }));
    correlator.correlate(event('same', { involvedObject: pod('b') }));
    correlator.correlate(event('same', { involvedObject: pod('c') }));
    // a's dedup record was evicted: its repeat is a new event, b's is still a patch
    expect(correlator.correlate(event('same', { involvedObject: pod('a') })).patch).toBeUndefined();
    expect(correlator.correlate(event('same', { involvedObject: pod('c') })).patch?.count).toBe(2);
  });

  it('remembers the resourceVersion the server returned', () => {
    const correlator = new EventCorrelator({ clock });
    const first = correlator.correlate(event('same'));
    correlator.updateState({
      ...first.event,
      metadata: { ...first.event.metadata, resourceVersion: '42' },
    });
    expect(correlator.correlate(event('same')).event.metadata.resourceVersion).toBe('42');
  });

  it('validates its options', () => {
    expect(() => new EventCorrelator({ clock, cacheSize: 0 })).toThrow(/cacheSize/);
    expect(() => new EventCorrelator({ clock, spamQps: -1 })).toThrow(/spamQps/);
  });
});
