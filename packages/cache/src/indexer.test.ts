import { newIndexer, metaNamespaceIndexFunc, NamespaceIndex } from './indexer';
import { pod, type TestPod } from './internal/test-helpers';
import { StoreError } from './store-error';

const byNode = (p: TestPod) => (p.spec?.nodeName ? [p.spec.nodeName] : []);
const byLabels = (p: TestPod) =>
  Object.entries(p.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`);

function names(objects: TestPod[]): string[] {
  return objects.map((o) => o.metadata!.name!).sort();
}

describe('newIndexer', () => {
  it('has the namespace index built in', () => {
    const indexer = newIndexer<TestPod>();
    indexer.add(pod('a', 'ns1'));
    indexer.add(pod('b', 'ns2'));
    indexer.add({ metadata: { name: 'cluster-thing' } });
    expect(Object.keys(indexer.getIndexers())).toEqual([NamespaceIndex]);
    expect(names(indexer.byIndex(NamespaceIndex, 'ns1'))).toEqual(['a']);
    expect(names(indexer.byIndex(NamespaceIndex, ''))).toEqual(['cluster-thing']);
    expect(metaNamespaceIndexFunc(pod('x', 'q'))).toEqual(['q']);
  });

  it('moves an object between index values when it changes, dropping empty values', () => {
    const indexer = newIndexer<TestPod>({ indexers: { node: byNode } });
    indexer.add(pod('a', 'default', { node: 'n1' }));
    indexer.add(pod('b', 'default', { node: 'n1' }));
    indexer.update(pod('a', 'default', { node: 'n2' }));
    expect(names(indexer.byIndex('node', 'n1'))).toEqual(['b']);
    expect(indexer.indexKeys('node', 'n2')).toEqual(['default/a']);
    indexer.delete(pod('b'));
    expect(indexer.listIndexFuncValues('node')).toEqual(['n2']);
    expect(indexer.byIndex('node', 'n1')).toEqual([]);
  });

  it('indexes an object under several values and finds objects sharing any of them', () => {
    const indexer = newIndexer<TestPod>({ indexers: { labels: byLabels } });
    indexer.add(pod('a', 'default', { labels: { app: 'web', tier: 'front' } }));
    indexer.add(pod('b', 'default', { labels: { app: 'web' } }));
    indexer.add(pod('c', 'default', { labels: { tier: 'front' } }));
    indexer.add(pod('d', 'default', { labels: { app: 'db' } }));
    expect(names(indexer.byIndex('labels', 'app=web'))).toEqual(['a', 'b']);
    expect(
      names(
        indexer.index('labels', pod('q', 'default', { labels: { app: 'web', tier: 'front' } })),
      ),
    ).toEqual(['a', 'b', 'c']);
    expect(indexer.listIndexFuncValues('labels').sort()).toEqual([
      'app=db',
      'app=web',
      'tier=front',
    ]);
  });

  it('rejects unknown index names', () => {
    const indexer = newIndexer<TestPod>();
    expect(() => indexer.byIndex('nope', 'x')).toThrow(StoreError);
    expect(() => indexer.indexKeys('toString', 'x')).toThrow(StoreError);
  });

  it('leaves the store unchanged when an index function throws', () => {
    const indexer = newIndexer<TestPod>({
      indexers: {
        picky: (p) => {
          if (p.metadata?.labels?.bad) throw new Error('bad object');
          return ['ok'];
        },
      },
    });
    indexer.add(pod('a'));
    let caught: unknown;
    try {
      indexer.update(pod('a', 'default', { labels: { bad: 'yes' } }));
    } catch (err) {
      caught = err;
    }
    expect(StoreError.isInstance(caught) && caught.reason).toBe('IndexFunc');
    expect(indexer.getByKey('default/a')?.metadata?.labels).toBeUndefined();
    expect(indexer.indexKeys('picky', 'ok')).toEqual(['default/a']);
  });

  it('adds indexers to a populated store and refuses duplicates', () => {
    const indexer = newIndexer<TestPod>();
    indexer.add(pod('a', 'default', { node: 'n1' }));
    indexer.addIndexers({ node: byNode });
    expect(indexer.indexKeys('node', 'n1')).toEqual(['default/a']);
    expect(() => indexer.addIndexers({ node: byNode })).toThrow(/conflict/);
  });

  it('rebuilds every index on replace', () => {
    const indexer = newIndexer<TestPod>({ indexers: { node: byNode } });
    indexer.add(pod('a', 'default', { node: 'n1' }));
    indexer.replace([pod('b', 'other', { node: 'n2' })], '5');
    expect(indexer.listIndexFuncValues('node')).toEqual(['n2']);
    expect(indexer.byIndex(NamespaceIndex, 'default')).toEqual([]);
    expect(names(indexer.byIndex(NamespaceIndex, 'other'))).toEqual(['b']);
  });
});
