import type { KubeObject } from '@kubekit/apimachinery';
import { newIndexer } from '@kubekit/cache';
import { jobLabels } from '../apis/names';
import { indexByJob, JobIndex } from './job-index';

const pod = (namespace: string, name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace, name, labels },
});

/** An informer's cache as indexByJob sees it: the real indexer behind it. */
function cache() {
  const indexer = newIndexer<KubeObject>();
  return {
    indexer,
    informer: { getIndexer: () => indexer, addIndexers: indexer.addIndexers.bind(indexer) },
  };
}

describe('indexByJob', () => {
  it("finds exactly the objects the job's label selector matches, in the job's namespace", () => {
    const { indexer, informer } = cache();
    indexer.add(pod('ns', 'before-index', jobLabels('a')));
    const ofJob = indexByJob(informer);
    indexer.add(pod('ns', 'a-worker-0', { ...jobLabels('a'), extra: 'x' }));
    indexer.add(pod('ns', 'b-worker-0', jobLabels('b')));
    indexer.add(pod('other', 'a-worker-0', jobLabels('a')));
    indexer.add(pod('ns', 'no-operator', { 'training.kubeflow.org/job-name': 'a' }));
    indexer.add(pod('ns', 'unlabelled', {}));
    const names = (ns: string, job: string) =>
      ofJob(ns, job)
        .map((p) => p.metadata!.name)
        .sort();
    expect(names('ns', 'a')).toEqual(['a-worker-0', 'before-index']);
    expect(names('other', 'a')).toEqual(['a-worker-0']);
    expect(names('ns', 'missing')).toEqual([]);
    // a relabelled object leaves the job's entry
    indexer.update(pod('ns', 'a-worker-0', jobLabels('b')));
    expect(names('ns', 'a')).toEqual(['before-index']);
    expect(names('ns', 'b')).toEqual(['a-worker-0', 'b-worker-0']);
  });

  it('shares one index between controllers on the same informer', () => {
    const { indexer, informer } = cache();
    const first = indexByJob(informer);
    const second = indexByJob(informer);
    indexer.add(pod('ns', 'p', jobLabels('a')));
    expect(Object.keys(indexer.getIndexers())).toContain(JobIndex);
    expect(first('ns', 'a')).toEqual(second('ns', 'a'));
    expect(first('ns', 'a')).toHaveLength(1);
  });
});
