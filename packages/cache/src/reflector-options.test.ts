import { setup } from './internal/reflector-test-setup';
import { pod, until, type TestPod } from './internal/test-helpers';
import { ReflectorError } from './reflector-error';

// Behaviours of client-go's reflector.go around its options: a failing store resync
// (startResync / watchWithResync), ReflectorOptions.Backoff, and expectedType / expectedGVK.

describe('Reflector options', () => {
  it('ends the watch on a failed resync, stops resyncing, and relists after the backoff', async () => {
    let failures = 1;
    const t = setup({ resyncPeriodMs: 10 });
    t.store.resync = () => {
      t.store.ops.push('resync');
      if (failures-- > 0) throw new Error('store is broken');
    };
    t.lw.add(pod('a'));
    const run = t.start();
    await until(() => t.lw.watches.length === 1, 'watch');
    for (let i = 0; i < 20; i++) await t.clock.advance(10);
    // One failed resync, reported once; the watch closed; no resync until the relist.
    expect(t.store.ops.filter((op) => op === 'resync')).toHaveLength(1);
    expect(t.errors).toHaveLength(1);
    const err = t.errors[0];
    expect(ReflectorError.isInstance(err) && err.reason).toBe('ResyncFailed');
    expect((err as Error).message).toBe('reflector: watch ended with error: store is broken');
    expect(t.lw.watches[0]!.open).toBe(false);
    expect(t.lw.listCalls).toHaveLength(1);
    // The default backoff with random() = 0: 800 ms after the failure at 10 ms; then a relist, a new watch, resyncs again.
    await t.clock.advance(610);
    await until(() => t.lw.listCalls.length === 2, 'relist');
    await until(() => t.lw.watches.length === 2, 'second watch');
    await t.clock.advance(10);
    await t.clock.advance(10);
    expect(t.store.ops.filter((op) => op === 'resync')).toHaveLength(3);
    expect(t.errors).toHaveLength(1);
    await run.stop();
  });

  it('waits the configured backoff between rounds (ReflectorOptions.Backoff)', async () => {
    const t = setup({ backoff: { initial: 5_000, factor: 3, jitter: 0 } });
    t.lw.failLists(new Error('list failed'), 2);
    const run = t.start();
    await until(() => t.errors.length === 1, 'first failure');
    await t.clock.advance(4_999);
    expect(t.lw.listCalls).toHaveLength(1);
    await t.clock.advance(1);
    await until(() => t.errors.length === 2, 'second failure');
    await t.clock.advance(14_999);
    expect(t.lw.listCalls).toHaveLength(2);
    await t.clock.advance(1);
    await until(() => t.lw.watches.length === 1, 'watch after the third list');
    expect(t.lw.listCalls).toHaveLength(3);
    await run.stop();
  });

  it('refuses an invalid backoff with a typed error', () => {
    expect(() => setup({ backoff: { factor: -1 } })).toThrow(ReflectorError);
  });

  it('keeps watch events of another kind out of the store (expectedGVK)', async () => {
    const t = setup({ expectedGVK: { group: '', version: 'v1', kind: 'Pod' } });
    const run = t.start();
    await until(() => t.lw.watches.length === 1, 'watch');
    t.lw.add({ ...pod('cm'), kind: 'ConfigMap' } as TestPod);
    t.lw.add({ ...pod('pod'), apiVersion: 'apps/v1' } as TestPod);
    t.lw.add(pod('ok'));
    await until(() => t.store.ops.length === 2, 'the pod');
    expect(t.store.ops).toEqual(['replace []@0', 'add ok@3']);
    expect(t.errors.map((e) => (e as Error).message)).toEqual([
      'reflector: Unexpected watch event object gvk: expected /v1, Kind=Pod, got apiVersion v1, kind ConfigMap',
      'reflector: Unexpected watch event object gvk: expected /v1, Kind=Pod, got apiVersion apps/v1, kind Pod',
    ]);
    await run.stop();
  });
});
