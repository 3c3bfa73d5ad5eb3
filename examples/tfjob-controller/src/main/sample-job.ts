import type { coreV1 } from '@kubekit/clientset';
import type { TFJob } from '../generated/kubeflow.org/v1';

/**
 * The demo TFJob: 1 PS and 2 workers running `program` with `node`, restartPolicy ExitCode
 * (retryable codes such as 137 restart the replica), checkpoints in the `mnist-ckpt` PVC mounted
 * at /ckpt, worker 1 killed once mid-run (FAIL_WORKER=1).
 */
export function sampleJob(options: { program: string; node: string; name?: string }): TFJob {
  const replica = (replicas: number) => ({
    replicas,
    restartPolicy: 'ExitCode' as const,
    template: {
      spec: {
        containers: [
          {
            name: 'tensorflow',
            image: 'node:24-slim',
            command: [options.node, options.program],
            env: [
              { name: 'CHECKPOINT_DIR', value: '/ckpt' },
              { name: 'FAIL_WORKER', value: '1' },
            ],
            volumeMounts: [{ name: 'ckpt', mountPath: '/ckpt' }],
          },
        ],
        volumes: [{ name: 'ckpt', persistentVolumeClaim: { claimName: 'mnist-ckpt' } }],
      },
    },
  });
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name: options.name ?? 'mnist', namespace: 'default' },
    spec: {
      runPolicy: { backoffLimit: 3, cleanPodPolicy: 'None' },
      tfReplicaSpecs: { PS: replica(1), Worker: replica(2) },
    },
  };
}

/** The PVC {@link sampleJob} checkpoints into: its pods stay Pending until it exists. */
export function sampleClaim(): coreV1.PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'mnist-ckpt', namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}
