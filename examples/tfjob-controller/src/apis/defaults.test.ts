import { tfJob } from '../testing/harness';
import type { TFJob } from '../generated/kubeflow.org/v1';
import { hasDefaults, withDefaults } from './defaults';

/** What the reconciler compared before hasDefaults: does withDefaults change the spec? */
const defaultsChange = (job: TFJob) =>
  JSON.stringify(withDefaults(job).spec) !== JSON.stringify(job.spec);

const container = (ports?: { name?: string; containerPort?: number }[]) => ({
  name: 'tensorflow',
  image: 'x',
  ...(ports ? { ports } : {}),
});

/** A fully defaulted job, then `change` applied to a copy. */
function defaulted(change: (job: TFJob) => void = () => {}): TFJob {
  const job = withDefaults(tfJob('d', { PS: 1, Worker: 2 }));
  change(job);
  return job;
}

type Specs = Record<string, Record<string, unknown> | null>;
const specsOf = (job: TFJob) => job.spec!.tfReplicaSpecs as unknown as Specs;
const templateOf = (job: TFJob, type: string) =>
  specsOf(job)[type]!.template as { spec: { containers: unknown[] } };

describe('hasDefaults', () => {
  it.each<[string, (job: TFJob) => void]>([
    ['nothing missing', () => {}],
    ['no successPolicy', (j) => delete j.spec!.successPolicy],
    ['a null successPolicy', (j) => (j.spec!.successPolicy = null as never)],
    ['no runPolicy', (j) => delete j.spec!.runPolicy],
    ['no cleanPodPolicy', (j) => delete j.spec!.runPolicy!.cleanPodPolicy],
    ['a lower-case replica type', (j) => (j.spec!.tfReplicaSpecs = { ps: specsOf(j).PS } as never)],
    ['a replica without replicas', (j) => delete specsOf(j).Worker!.replicas],
    ['a replica without restartPolicy', (j) => delete specsOf(j).PS!.restartPolicy],
    ['a null replica spec', (j) => (specsOf(j).PS = null)],
    ['no tfReplicaSpecs', (j) => delete (j.spec as { tfReplicaSpecs?: unknown }).tfReplicaSpecs],
    ['no spec', (j) => delete j.spec],
    [
      'a tensorflow container without ports',
      (j) => (templateOf(j, 'PS').spec.containers = [container()]),
    ],
    [
      'a tensorflow container with other ports only',
      (j) =>
        (templateOf(j, 'PS').spec.containers = [container([{ name: 'http', containerPort: 80 }])]),
    ],
    [
      'no tensorflow container',
      (j) => (templateOf(j, 'PS').spec.containers = [{ name: 'sidecar', image: 'x' }]),
    ],
  ])('agrees with withDefaults: %s', (_, change) => {
    const job = defaulted(change);
    expect(hasDefaults(job)).toBe(!defaultsChange(job));
  });

  it('is false for a job as users write it and true once defaulted', () => {
    const job = tfJob('d', { PS: 1, Worker: 2 });
    delete job.spec!.runPolicy;
    expect(hasDefaults(job)).toBe(false);
    expect(hasDefaults(withDefaults(job))).toBe(true);
  });
});
