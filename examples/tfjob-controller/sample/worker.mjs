// A worker: computes the gradients of its own shard of the training set and exchanges them with
// the PS every step (see exchange.mjs). The variables and the step live in the PS, so a worker
// that restarts (FAIL_WORKER=<index> makes that worker exit 137 once, as an OOM kill would)
// resumes at the PS's step, from the variables the PS holds; the PS checkpoints them to the PVC.
// Worker 0 is the chief: at the end it evaluates the trained model on the held-out set.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint } from './checkpoint.mjs';
import { Training } from './config.mjs';
import { batch, generateDigits, shard } from './dataset.mjs';
import { psClient } from './exchange.mjs';
import { accuracy, lossAndGradients } from './model.mjs';

/** How long one exchange with the PS may take (a peer restarting holds the step meanwhile). */
const ExchangeTimeoutMs = 45_000;

/** Runs worker `config.index` (see replicaConfig) to the last step; then exits 0. */
export async function runWorker(config) {
  const { index, workers, log, checkpointDir } = config;
  const data = shard(generateDigits(Training.trainExamples, Training.seeds.train), index, workers);
  const ps = psClient(config.ps, ExchangeTimeoutMs);
  let { step, values } = await ps.pull();
  const killedMarker = join(checkpointDir, `worker-${index}.oom-killed`);
  if (existsSync(killedMarker)) {
    const saved = loadCheckpoint(checkpointDir)?.step;
    log(
      `restarted after exit 137: resuming at the PS's step ${step} ` +
        `(last checkpoint in the PVC: ${saved === undefined ? 'none' : `step ${saved}`})`,
    );
  } else {
    log(`shard ${index + 1}/${workers}: ${data.count} examples; PS at ${config.ps}, step ${step}`);
  }
  const killAt =
    process.env.FAIL_WORKER === String(index) && !existsSync(killedMarker)
      ? Math.floor(Training.steps * 0.6)
      : -1;
  while (step < Training.steps) {
    if (step === killAt) {
      writeFileSync(killedMarker, `killed at step ${step}\n`);
      log(`step ${step}: simulating an OOM kill (exit 137)`);
      process.exit(137);
    }
    const { loss, gradients } = lossAndGradients(values, batch(data, step, Training.batchSize));
    ({ step, values } = await ps.push(index, step, gradients, loss));
  }
  if (index === 0) {
    const test = generateDigits(Training.testExamples, Training.seeds.test);
    const right = accuracy(values, test);
    log(`held-out accuracy ${(100 * right).toFixed(1)}% (${test.count} examples never trained on)`);
  }
  await ps.done(index);
  log('done');
}
