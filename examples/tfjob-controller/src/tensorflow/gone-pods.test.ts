import type { coreV1 } from '@kubekit/clientset';
import { GonePods } from './gone-pods';

const pod = (name: string, uid: string, status: coreV1.PodStatus = {}): coreV1.Pod => ({
  metadata: { name, uid, deletionTimestamp: '2026-01-01T00:00:00Z' },
  spec: { containers: [] },
  status,
});
const names = (records: ReadonlyMap<string, coreV1.Pod>) => [...records.keys()].sort();

describe('GonePods', () => {
  it('records the disrupted pods others deleted, by job, until a reconcile takes them', () => {
    const gone = new GonePods();
    gone.deleted('ns/a', pod('a-worker-0', 'u0'));
    gone.deleted('ns/a', pod('a-worker-1', 'u1', { phase: 'Succeeded' })); // done: no disruption
    gone.deleted('ns/b', pod('b-worker-0', 'u2'));
    expect(names(gone.take('ns/a'))).toEqual(['a-worker-0']);
    expect(names(gone.take('ns/a'))).toEqual([]);
    gone.forget('ns/b');
    expect(names(gone.take('ns/b'))).toEqual([]);
  });

  it('never records a pod the controller deleted itself, unless that delete failed', () => {
    const gone = new GonePods();
    const own = pod('a-worker-0', 'u0');
    gone.deleting(own);
    gone.deleted('ns/a', own);
    expect(names(gone.take('ns/a'))).toEqual([]);
    const failed = pod('a-worker-1', 'u1');
    gone.deleting(failed);
    gone.notDeleting(failed);
    gone.deleted('ns/a', failed);
    expect(names(gone.take('ns/a'))).toEqual(['a-worker-1']);
  });

  it('gets back what a failed reconcile took, beside what was recorded meanwhile', () => {
    const gone = new GonePods();
    gone.deleted('ns/a', pod('a-worker-0', 'u0'));
    const taken = gone.take('ns/a');
    gone.deleted('ns/a', pod('a-worker-1', 'u1'));
    gone.restore('ns/a', taken);
    expect(names(gone.take('ns/a'))).toEqual(['a-worker-0', 'a-worker-1']);
  });
});
