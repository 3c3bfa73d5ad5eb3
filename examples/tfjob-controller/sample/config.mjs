// What a replica of the demo job knows: its role and the cluster from TF_CONFIG (written by the
// TFJob controller; the LocalKubelet rewrites the service addresses to local ports), where the
// PVC is mounted, and the training settings (STEPS overrides the number of steps).
import { mkdirSync } from 'node:fs';

/** The training settings every replica agrees on. */
export const Training = {
  /** Synchronous steps: each applies the averaged gradients of every worker once. */
  steps: Number(process.env.STEPS ?? 100),
  /** Examples per worker per step (the global batch is this times the workers). */
  batchSize: 64,
  learningRate: 0.03,
  trainExamples: 4000,
  testExamples: 1000,
  /** Seeds of the training set, the held-out set and the initial variables. */
  seeds: { train: 1, test: 2, init: 3 },
  /** The PS writes a checkpoint every this many steps (and at the end) ... */
  checkpointEvery: 25,
  /** ... and logs the mean batch loss every this many steps. */
  logEvery: 10,
};

/** This replica: `{ type, index, ps, workers, checkpointDir, log }` from TF_CONFIG and the env. */
export function replicaConfig() {
  const tfConfig = JSON.parse(process.env.TF_CONFIG ?? 'null');
  const { type, index } = tfConfig?.task ?? {};
  const ps = tfConfig?.cluster?.ps?.[0];
  const workers = tfConfig?.cluster?.worker?.length;
  if (!ps || !workers || (type !== 'ps' && type !== 'worker') || !Number.isInteger(index)) {
    throw new Error(
      'TF_CONFIG must name this task (ps or worker, with an index) and a cluster with a ps ' +
        `and workers; got ${process.env.TF_CONFIG ?? 'nothing'}`,
    );
  }
  // the PVC's directory: the LocalKubelet's KUBEKIT_MOUNT_<volume> (processes cannot be given
  // a private root); in a cluster, the mount path
  const checkpointDir = process.env.KUBEKIT_MOUNT_CKPT ?? process.env.CHECKPOINT_DIR ?? 'ckpt';
  mkdirSync(checkpointDir, { recursive: true });
  const name = `${type}-${index}`;
  return {
    type,
    index,
    ps,
    workers,
    checkpointDir,
    log: (...args) => console.log(`[${name}]`, ...args),
  };
}
