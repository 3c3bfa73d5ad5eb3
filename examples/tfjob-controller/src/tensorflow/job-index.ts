/**
 * The pods and services of one job, found through an index on the informers' caches instead of
 * a scan of the namespace: a reconcile costs in proportion to the job's own replicas, not to
 * every object of its namespace (upstream lists by label selector, which a controller-runtime
 * cache also answers from an index).
 */
import type { KubeObject } from '@kubekit/apimachinery';
import type { Indexer, SharedIndexInformer } from '@kubekit/cache';
import { Labels, OperatorName } from '../apis/constants';

/** The name of the index: `<namespace>/<job name>` of objects labelled as a TFJob's replicas. */
export const JobIndex = 'kubeflow.org/tfjob';

/**
 * The index value of an object carrying both labels of `jobLabels` (operator name and job
 * name): the selector a job's pods and services are listed with, so the index answers exactly
 * what that selector would.
 */
export function jobIndexFunc(obj: KubeObject): string[] {
  const labels = obj.metadata?.labels;
  const job = labels?.[Labels.jobName];
  if (job === undefined || labels?.[Labels.operatorName] !== OperatorName) return [];
  return [`${obj.metadata?.namespace ?? ''}/${job}`];
}

/**
 * Adds {@link JobIndex} to `informer` (unless a controller sharing it already did) and returns
 * the lookup of one job's objects. The objects are the cache's: never mutate them.
 */
export function indexByJob<T extends KubeObject>(
  informer: Pick<SharedIndexInformer<T>, 'addIndexers' | 'getIndexer'>,
): (namespace: string, jobName: string) => T[] {
  const indexer: Indexer<T> = informer.getIndexer();
  if (!Object.hasOwn(indexer.getIndexers(), JobIndex))
    informer.addIndexers({ [JobIndex]: jobIndexFunc });
  return (namespace, jobName) => indexer.byIndex(JobIndex, `${namespace}/${jobName}`);
}
