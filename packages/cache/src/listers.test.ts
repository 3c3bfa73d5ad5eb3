import { parseSelector } from '@kubekit/apimachinery';
import { newIndexer } from './indexer';
import { pod, type TestPod } from './internal/test-helpers';
import { newLister, listAllByNamespace } from './listers';
import { newStore } from './store';

function names(objects: TestPod[]): string[] {
  return objects.map((o) => o.metadata!.name!).sort();
}

describe('newLister', () => {
  const indexer = newIndexer<TestPod>();
  indexer.add(pod('web-1', 'prod', { labels: { app: 'web' } }));
  indexer.add(pod('web-2', 'dev', { labels: { app: 'web' } }));
  indexer.add(pod('db', 'prod', { labels: { app: 'db' } }));
  indexer.add({ metadata: { name: 'node-1', labels: { role: 'worker' } } });
  const lister = newLister(indexer);

  it('lists everything, or what a selector (parsed or string) matches', () => {
    expect(names(lister.list())).toEqual(['db', 'node-1', 'web-1', 'web-2']);
    expect(names(lister.list('app=web'))).toEqual(['web-1', 'web-2']);
    expect(names(lister.list(parseSelector('app in (db),app!=web')))).toEqual(['db']);
    expect(names(lister.list(''))).toHaveLength(4);
  });

  it('scopes to a namespace', () => {
    expect(names(lister.namespace('prod').list())).toEqual(['db', 'web-1']);
    expect(names(lister.namespace('prod').list('app=web'))).toEqual(['web-1']);
    expect(lister.namespace('prod').get('db')?.metadata?.namespace).toBe('prod');
    expect(lister.namespace('dev').get('db')).toBeUndefined();
    expect(names(lister.namespace('').list('app=web'))).toEqual(['web-1', 'web-2']);
  });

  it('gets cluster-scoped objects by name', () => {
    expect(lister.get('node-1')?.metadata?.labels).toEqual({ role: 'worker' });
    expect(lister.get('missing')).toBeUndefined();
  });

  it('throws for a malformed selector', () => {
    expect(() => lister.list('app in (')).toThrow();
  });

  it('scans a store without a namespace index', () => {
    const store = newStore<TestPod>();
    store.add(pod('a', 'x'));
    store.add(pod('b', 'y'));
    expect(names(listAllByNamespace(store, 'x'))).toEqual(['a']);
  });
});
