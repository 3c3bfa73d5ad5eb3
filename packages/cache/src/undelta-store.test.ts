import { pod, type TestPod } from './internal/test-helpers';
import { newUndeltaStore } from './undelta-store';

// Ports client-go's tools/cache/undelta_store_test.go.

const names = (objects: TestPod[]) =>
  objects.map((o) => `${o.metadata!.name}:${o.status?.phase}`).sort();

function recorded() {
  const pushes: string[][] = [];
  const store = newUndeltaStore<TestPod>({ push: (objects) => pushes.push(names(objects)) });
  return { store, pushes };
}

describe('UndeltaStore', () => {
  it('UpdateCallsPush: every add and update pushes the complete state', () => {
    const { store, pushes } = recorded();
    store.add(pod('a', 'default', { phase: 'Pending' }));
    store.update(pod('a', 'default', { phase: 'Running' }));
    expect(pushes).toEqual([['a:Pending'], ['a:Running']]);
  });

  it('DeleteCallsPush: a delete pushes the state without the object', () => {
    const { store, pushes } = recorded();
    store.add(pod('a'));
    store.add(pod('b'));
    store.delete(pod('a'));
    expect(pushes.at(-1)).toEqual(['b:Pending']);
    expect(pushes).toHaveLength(3);
  });

  it('ReadsDoNotCallPush: reads and resync push nothing', () => {
    const { store, pushes } = recorded();
    store.list();
    store.get(pod('a'));
    store.getByKey('default/a');
    store.resync();
    expect(pushes).toEqual([]);
  });

  it('ReplaceCallsPush: a replace pushes once', () => {
    const { store, pushes } = recorded();
    store.add(pod('old'));
    store.replace([pod('a'), pod('b')], '0');
    expect(pushes).toEqual([['old:Pending'], ['a:Pending', 'b:Pending']]);
    expect(store.size()).toBe(2);
  });

  it('pushes nothing for a change that throws', () => {
    const { store, pushes } = recorded();
    expect(() => store.add({ metadata: {} } as TestPod)).toThrow('object has no metadata.name');
    expect(pushes).toEqual([]);
  });
});
