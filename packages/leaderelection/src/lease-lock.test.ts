import { isConflict } from '@kubekit/apimachinery';
import { LeaseLock } from './lease-lock';
import { FakeLeaseStore } from './testing';

const record = (holderIdentity: string, leaseTransitions = 0) => ({
  holderIdentity,
  leaseDurationSeconds: 15,
  acquireTime: '2025-01-01T00:00:00.000000Z',
  renewTime: '2025-01-01T00:00:00.000000Z',
  leaseTransitions,
});

describe('LeaseLock', () => {
  it('creates a coordination.k8s.io/v1 Lease carrying the record', async () => {
    const store = new FakeLeaseStore();
    const lock = new LeaseLock({
      client: store.client(),
      name: 'ctrl',
      namespace: 'ns',
      labels: { app: 'x' },
    });
    const created = await lock.create(record('a'));
    expect(created).toEqual({ record: record('a'), resourceVersion: '1' });
    expect(store.peek('ctrl')).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'ctrl', namespace: 'ns', labels: { app: 'x' }, resourceVersion: '1' },
      spec: record('a'),
    });
    expect(lock.describe()).toBe('ns/ctrl');
  });

  it('updates over the version it last saw, keeping metadata, and loses races with Conflict', async () => {
    const store = new FakeLeaseStore();
    const mine = new LeaseLock({ client: store.client(), name: 'ctrl', labels: { keep: 'me' } });
    const theirs = new LeaseLock({ client: store.client(), name: 'ctrl' });
    await mine.create(record('a'));
    await theirs.get();
    await expect(mine.update(record('a', 0))).resolves.toMatchObject({ resourceVersion: '2' });
    const lost = await theirs.update(record('b', 1)).catch((e: unknown) => e);
    expect(isConflict(lost)).toBe(true);
    expect(store.peek('ctrl')?.metadata.labels).toEqual({ keep: 'me' });
    expect(store.peek('ctrl')?.spec?.holderIdentity).toBe('a');
  });

  it('refuses to update before it has read or created the Lease', async () => {
    const lock = new LeaseLock({ client: new FakeLeaseStore().client(), name: 'ctrl' });
    await expect(lock.update(record('a'))).rejects.toMatchObject({ reason: 'LockNotInitialized' });
    expect(() => new LeaseLock({ client: new FakeLeaseStore().client(), name: '' })).toThrow(
      /name/,
    );
  });

  it('reads a Lease without a spec as free', async () => {
    const store = new FakeLeaseStore();
    await store.client().create({ metadata: { name: 'bare' } });
    const lock = new LeaseLock({ client: store.client(), name: 'bare' });
    expect((await lock.get()).record).toEqual({
      holderIdentity: '',
      leaseDurationSeconds: 0,
      leaseTransitions: 0,
    });
  });
});
