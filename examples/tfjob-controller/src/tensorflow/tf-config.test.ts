import { tfJob } from '../testing/harness';
import { withDefaults } from '../apis/defaults';
import { genTFConfig, isDistributed, MaxTFConfigBytes, tfConfigProblems } from './tf-config';

const job = (replicas: Record<string, number>, dynamic = false) =>
  withDefaults(tfJob('mnist', replicas, { spec: { enableDynamicWorker: dynamic } }));

describe('TF_CONFIG', () => {
  it('is upstream JSON: sorted cluster keys, every type, task, environment cloud', () => {
    expect(genTFConfig(job({ Worker: 2, PS: 1, Chief: 1, Evaluator: 1 }), 'Worker', 1)).toBe(
      '{"cluster":{"chief":["mnist-chief-0.default.svc:2222"],' +
        '"evaluator":["mnist-evaluator-0.default.svc:2222"],' +
        '"ps":["mnist-ps-0.default.svc:2222"],' +
        '"worker":["mnist-worker-0.default.svc:2222","mnist-worker-1.default.svc:2222"]},' +
        '"task":{"type":"worker","index":1},"environment":"cloud"}',
    );
  });

  it('appends a custom cluster domain and uses the tfjob-port of the tensorflow container', () => {
    const j = job({ Worker: 2 });
    (j.spec!.tfReplicaSpecs!.Worker!.template as any).spec.containers[0].ports = [
      { name: 'tfjob-port', containerPort: 3333 },
    ];
    expect(
      JSON.parse(genTFConfig(j, 'Worker', 0, { clusterDomain: 'cluster.local' })!).cluster,
    ).toEqual({
      worker: [
        'mnist-worker-0.default.svc.cluster.local:3333',
        'mnist-worker-1.default.svc.cluster.local:3333',
      ],
    });
  });

  it('is not set for a job with a single replica', () => {
    expect(isDistributed(job({ Worker: 1 }))).toBe(false);
    expect(genTFConfig(job({ Worker: 1 }), 'Worker', 0)).toBeUndefined();
    expect(isDistributed(job({ Worker: 0, PS: 0 }))).toBe(true);
  });

  it('is sparse with enableDynamicWorker: a worker sees itself and the PS, a PS itself', () => {
    const j = job({ Worker: 2, PS: 2 }, true);
    expect(genTFConfig(j, 'Worker', 1)).toBe(
      '{"cluster":{"worker":{"1":"mnist-worker-1.default.svc:2222"},' +
        '"ps":["mnist-ps-0.default.svc:2222","mnist-ps-1.default.svc:2222"]},' +
        '"task":{"type":"worker","index":1}}',
    );
    expect(genTFConfig(j, 'PS', 1)).toBe(
      '{"cluster":{"worker":{},"ps":["mnist-ps-1.default.svc:2222"]},"task":{"type":"ps","index":1}}',
    );
  });
});

describe('tfConfigProblems', () => {
  it('accepts a job whose TF_CONFIG fits and a dynamic-worker job of any width', () => {
    expect(tfConfigProblems(withDefaults(tfJob('ok', { PS: 2, Worker: 100 })))).toEqual([]);
    const dynamic = tfJob(
      'dyn',
      { PS: 2, Worker: 10_000 },
      { spec: { enableDynamicWorker: true } },
    );
    expect(tfConfigProblems(withDefaults(dynamic))).toEqual([]);
  });

  it('rejects a job with too many addresses before building any TF_CONFIG', () => {
    expect(tfConfigProblems(withDefaults(tfJob('big', { Worker: 5000 })))).toEqual([
      {
        field: 'spec.tfReplicaSpecs',
        message: `Invalid value: each pod's TF_CONFIG would take at least 80000 bytes, more than ${MaxTFConfigBytes}: use fewer replicas or enableDynamicWorker`,
      },
    ]);
  });
});
