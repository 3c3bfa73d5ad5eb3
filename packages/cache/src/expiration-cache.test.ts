import { FakeClock } from '@kubekit/apimachinery';
import {
  newExpirationStore,
  newTTLStore,
  ttlPolicy,
  type TimestampedEntry,
} from './expiration-cache';
import { pod, type TestPod } from './internal/test-helpers';

// Ports client-go's tools/cache/expiration_cache_test.go.

describe('ExpirationCache', () => {
  it('TTLExpirationBasic: an expired entry is neither returned nor kept', () => {
    const clock = new FakeClock();
    const store = newTTLStore<TestPod>({ ttlMs: 1000, clock });
    store.add(pod('a'));
    clock.step(1000);
    expect(store.getByKey('default/a')).toBeDefined(); // not older than the TTL yet
    clock.step(1);
    expect(store.getByKey('default/a')).toBeUndefined();
    expect(store.listKeys()).toEqual([]);
  });

  it('ReAddExpiredItem: re-adding refreshes the timestamp', () => {
    const clock = new FakeClock();
    const store = newTTLStore<TestPod>({ ttlMs: 1000, clock });
    store.add(pod('a', 'default', { rv: '1' }));
    clock.step(800);
    store.update(pod('a', 'default', { rv: '2' }));
    clock.step(800);
    expect(store.get(pod('a'))?.metadata?.resourceVersion).toBe('2');
    clock.step(201);
    expect(store.get(pod('a'))).toBeUndefined();
  });

  it('TTLList: list returns only live entries and drops the expired ones', () => {
    const clock = new FakeClock();
    const store = newTTLStore<TestPod>({ ttlMs: 1000, clock });
    store.add(pod('old'));
    clock.step(600);
    store.add(pod('new'));
    clock.step(600);
    expect(store.listKeys().sort()).toEqual(['default/new', 'default/old']); // expiry is lazy
    expect(store.list().map((o) => o.metadata!.name)).toEqual(['new']);
    expect(store.listKeys()).toEqual(['default/new']);
    expect(store.size()).toBe(1);
    store.replace([pod('x'), pod('y')], '5');
    clock.step(1001);
    expect(store.size()).toBe(0);
  });

  it('TTLPolicy: older than the TTL expires; a TTL of 0 never does', () => {
    const clock = new FakeClock();
    const entry: TimestampedEntry<TestPod> = { obj: pod('a'), timestamp: clock.now(), key: 'a' };
    clock.step(2000);
    expect(ttlPolicy<TestPod>(1999, clock).isExpired(entry)).toBe(true);
    expect(ttlPolicy<TestPod>(2000, clock).isExpired(entry)).toBe(false);
    expect(ttlPolicy<TestPod>(0, clock).isExpired(entry)).toBe(false);
  });

  it('takes any expiration policy', () => {
    const store = newExpirationStore<TestPod>({
      expirationPolicy: { isExpired: (e) => e.obj.status?.phase === 'Succeeded' },
    });
    store.add(pod('done', 'default', { phase: 'Succeeded' }));
    store.add(pod('live', 'default', { phase: 'Running' }));
    expect(store.list().map((o) => o.metadata!.name)).toEqual(['live']);
    expect(() => newExpirationStore({} as never)).toThrow(
      'newExpirationStore: expirationPolicy is required',
    );
  });
});
