import { tfJob } from '../testing/harness';
import type { TFJob } from '../generated/kubeflow.org/v1';
import { withDefaults } from './defaults';
import { validateTFJob } from './validation';

const fields = (job: TFJob) => validateTFJob(withDefaults(job)).map((p) => p.field);

describe('validateTFJob', () => {
  it('accepts a well-formed job', () => {
    expect(validateTFJob(withDefaults(tfJob('ok', { PS: 1, Worker: 2 })))).toEqual([]);
  });

  it.each<[string, (j: TFJob) => void, string]>([
    ['a non DNS-1035 name', (j) => (j.metadata!.name = '1abc'), 'metadata.name'],
    [
      'no tfReplicaSpecs',
      (j) => delete (j.spec as { tfReplicaSpecs?: unknown }).tfReplicaSpecs,
      'spec.tfReplicaSpecs',
    ],
    ['a null replica spec', (j) => (j.spec!.tfReplicaSpecs!.PS = null), 'spec.tfReplicaSpecs[PS]'],
    [
      'no containers',
      (j) => ((j.spec!.tfReplicaSpecs!.Worker!.template as any).spec.containers = []),
      'spec.tfReplicaSpecs[Worker].template.spec.containers',
    ],
    [
      'no image',
      (j) => delete (j.spec!.tfReplicaSpecs!.Worker!.template as any).spec.containers[0].image,
      'spec.tfReplicaSpecs[Worker].template.spec.containers[0].image',
    ],
    [
      'no tensorflow container',
      (j) => ((j.spec!.tfReplicaSpecs!.Worker!.template as any).spec.containers[0].name = 'main'),
      'spec.tfReplicaSpecs[Worker].template.spec.containers',
    ],
    [
      'negative replicas',
      (j) => (j.spec!.tfReplicaSpecs!.Worker!.replicas = -1),
      'spec.tfReplicaSpecs[Worker].replicas',
    ],
    [
      'an unknown restartPolicy',
      (j) => (j.spec!.tfReplicaSpecs!.Worker!.restartPolicy = 'Sometimes' as never),
      'spec.tfReplicaSpecs[Worker].restartPolicy',
    ],
    ['pod names over 63 characters', (j) => (j.metadata!.name = 'a'.repeat(55)), 'metadata.name'],
  ])('rejects %s', (_, mutate, field) => {
    const job = tfJob('ok', { PS: 1, Worker: 2 });
    mutate(job);
    expect(fields(job)).toContain(field);
  });

  it('rejects 2147483647 replicas at once, allocating nothing per replica', () => {
    const job = tfJob('wide', { Worker: 2147483647 });
    expect(validateTFJob(withDefaults(job))).toEqual([
      {
        field: 'spec.tfReplicaSpecs[Worker].replicas',
        message: 'Invalid value: 2147483647: must be less than or equal to 10000',
      },
    ]);
  });

  it('rejects both a Chief and a Master', () => {
    expect(fields(tfJob('two', { Chief: 1, Master: 1, Worker: 1 }))).toEqual([
      'spec.tfReplicaSpecs',
    ]);
  });
});

describe('withDefaults', () => {
  it('normalises replica type keys and adds replicas, restartPolicy and the tfjob-port', () => {
    const job = withDefaults({
      ...tfJob('d', {}),
      spec: {
        tfReplicaSpecs: {
          ps: { template: { spec: { containers: [{ name: 'tensorflow', image: 'x' }] } } },
        },
      },
    });
    expect(job.spec!.tfReplicaSpecs).toEqual({
      PS: {
        replicas: 1,
        restartPolicy: 'Never',
        template: {
          spec: {
            containers: [
              {
                name: 'tensorflow',
                image: 'x',
                ports: [{ name: 'tfjob-port', containerPort: 2222 }],
              },
            ],
          },
        },
      },
    });
    expect(job.spec!.runPolicy).toEqual({ cleanPodPolicy: 'None' });
    expect(withDefaults(job)).toEqual(job);
  });
});
