import type { KubeObject } from '@kubekit/apimachinery';
import {
  deletedFinalStateUnknown,
  isDeletedFinalStateUnknown,
  objectOfDeletion,
} from './deleted-final-state-unknown';
import { pod } from './internal/test-helpers';
import { newIndexer } from './indexer';
import { newStore, deletionHandlingMetaNamespaceKeyFunc, metaNamespaceKeyFunc } from './store';
import { StoreError } from './store-error';

describe('key functions', () => {
  it('keys namespaced objects as namespace/name and cluster-scoped ones as name', () => {
    expect(metaNamespaceKeyFunc(pod('web', 'prod'))).toBe('prod/web');
    expect(metaNamespaceKeyFunc({ metadata: { name: 'node-1' } })).toBe('node-1');
  });

  it('refuses an object without a name', () => {
    expect(() => metaNamespaceKeyFunc({ metadata: {} })).toThrow(StoreError);
    try {
      metaNamespaceKeyFunc({});
    } catch (err) {
      expect(StoreError.isInstance(err) && err.reason).toBe('KeyFunc');
    }
  });

  it('keys a tombstone by the key recorded in it', () => {
    const tombstone = deletedFinalStateUnknown<KubeObject>('ns/gone', undefined);
    expect(deletionHandlingMetaNamespaceKeyFunc(tombstone)).toBe('ns/gone');
  });
});

describe('tombstones', () => {
  it('are recognised only when built by deletedFinalStateUnknown', () => {
    const real = deletedFinalStateUnknown('default/a', pod('a'));
    expect(isDeletedFinalStateUnknown(real)).toBe(true);
    expect(isDeletedFinalStateUnknown({ key: 'default/a', obj: pod('a') })).toBe(false);
    expect(isDeletedFinalStateUnknown(null)).toBe(false);
    expect(JSON.stringify(real)).toBe(JSON.stringify({ key: 'default/a', obj: pod('a') }));
  });

  it('give up their last known object through objectOfDeletion', () => {
    const a = pod('a');
    expect(objectOfDeletion(a)).toBe(a);
    expect(objectOfDeletion(deletedFinalStateUnknown('default/a', a))).toBe(a);
    expect(objectOfDeletion(deletedFinalStateUnknown('default/a', undefined))).toBeUndefined();
  });
});

describe('newStore', () => {
  it('adds, updates, gets and deletes by key', () => {
    const store = newStore();
    store.add(pod('a', 'default', { rv: '1' }));
    store.update(pod('a', 'default', { rv: '2' }));
    store.add(pod('b'));
    expect(store.size()).toBe(2);
    expect(store.getByKey('default/a')?.metadata?.resourceVersion).toBe('2');
    expect(store.get(pod('a'))?.metadata?.resourceVersion).toBe('2');
    expect(store.listKeys().sort()).toEqual(['default/a', 'default/b']);
    store.delete(pod('a'));
    store.delete(pod('never-there'));
    expect(store.list().map((p) => p.metadata?.name)).toEqual(['b']);
  });

  it('deletes through a tombstone', () => {
    const store = newStore();
    store.add(pod('a'));
    store.delete(deletedFinalStateUnknown<KubeObject>('default/a', undefined));
    expect(store.size()).toBe(0);
  });

  it('replaces its whole contents', () => {
    const store = newStore();
    store.add(pod('old'));
    store.replace([pod('x'), pod('y')], '10');
    expect(store.listKeys().sort()).toEqual(['default/x', 'default/y']);
  });

  it('uses a custom key function', () => {
    const store = newStore<{ id: string }>({ keyFunc: (o) => (o as { id: string }).id });
    store.add({ id: 'k1' });
    expect(store.getByKey('k1')).toEqual({ id: 'k1' });
  });

  it('CacheWithTransformer: stores what the transformer returns on add, update and replace', () => {
    const calls: string[] = [];
    const strip = (o: KubeObject): KubeObject => {
      calls.push(o.metadata!.name!);
      return { ...o, metadata: { ...o.metadata, labels: { seen: 'yes' } } };
    };
    for (const store of [newStore({ transformer: strip }), newIndexer({ transformer: strip })]) {
      calls.length = 0;
      store.add(pod('a'));
      store.update(pod('b'));
      expect(store.getByKey('default/a')?.metadata?.labels).toEqual({ seen: 'yes' });
      store.replace([pod('c')], '1');
      expect(store.list().map((o) => o.metadata!.labels)).toEqual([{ seen: 'yes' }]);
      store.delete(pod('c'));
      expect(calls).toEqual(['a', 'b', 'c']);
      expect(store.size()).toBe(0);
    }
  });
});
