// The parameter server: holds the model's variables and Adam's state, and trains synchronously.
// Step k completes when every worker has pushed its gradients for step k (computed on the same
// variables, each on its own shard); the PS averages them in task order, applies them with
// Adam and answers every worker with the new variables. Synchronous, not asynchronous, because
// the result is then the same whatever the timing: a worker that is killed and restarted only
// delays the step it missed (its peers wait for it), so the trained model and its accuracy are
// the same on every run, and no stale gradient is ever applied.
import { createServer } from 'node:http';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.mjs';
import { Training } from './config.mjs';
import { readFloats, sendFloats } from './exchange.mjs';
import { Architecture, FlatSize, Variables, flatten, initialValues, split, tf } from './model.mjs';

/** The PS gives up (exit 1) when no worker has called for this long: they are gone. */
const IdleTimeoutMs = 120_000;

/** Runs the PS of `config` (see replicaConfig) until every worker is done; then exits 0. */
export async function runPs(config) {
  const { log, workers, checkpointDir } = config;
  const optimizer = tf.train.adam(Training.learningRate);
  const checkpoint = loadCheckpoint(checkpointDir);
  let step = checkpoint?.step ?? 0;
  const initial = checkpoint
    ? checkpoint.variables.map((v) => tf.tensor(v.values, v.shape))
    : split(initialValues(Training.seeds.init));
  const variables = initial.map((t, i) => tf.variable(t, true, Variables[i].name));
  if (checkpoint) {
    await optimizer.setWeights(
      checkpoint.optimizer.map(({ name, shape, values }) => ({
        name,
        tensor: tf.tensor(values, shape),
      })),
    );
    log(`restored the checkpoint of step ${step} from ${checkpointDir}`);
  }
  let values = flatten(variables);
  const pending = new Map(); // task -> { gradients, loss, res } of the current step
  let lossSum = 0; // of the steps since the last loss line
  let lossSteps = 0;
  const done = new Map(); // task -> res waiting for the others

  const save = async () => {
    const optimizerState = await optimizer.getWeights();
    // as float32, whatever the dtype (Adam's iteration count is an int32 scalar)
    const entry = (name, tensor) => ({
      name,
      shape: tensor.shape,
      values: Float32Array.from(tensor.dataSync()),
    });
    return saveCheckpoint(checkpointDir, {
      step,
      variables: variables.map((v) => entry(v.name, v)),
      optimizer: optimizerState.map(({ name, tensor }) => entry(name, tensor)),
    });
  };

  const applyStep = async () => {
    const mean = new Float32Array(values.length);
    let loss = 0;
    for (let task = 0; task < workers; task++) {
      const pushed = pending.get(task);
      for (let i = 0; i < mean.length; i++) mean[i] += pushed.gradients[i] / workers;
      loss += pushed.loss / workers;
    }
    const answers = [...pending.values()].map((p) => p.res);
    pending.clear();
    tf.tidy(() => {
      const gradients = split(mean);
      optimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, gradients[i]])));
    });
    values = flatten(variables);
    step++;
    lossSum += loss;
    lossSteps++;
    if (step % Training.logEvery === 0 || step === 1) {
      const average = (lossSum / lossSteps).toFixed(4);
      log(`step ${String(step).padStart(3)}/${Training.steps}  loss ${average}`);
      lossSum = lossSteps = 0;
    }
    if (step % Training.checkpointEvery === 0 && step < Training.steps)
      log(`checkpoint of step ${step} saved to the PVC (${await save()})`);
    for (const res of answers) sendFloats(res, values, step);
  };

  const idle = setTimeout(() => {
    log(`no worker called for ${IdleTimeoutMs / 1000} s; giving up at step ${step}`);
    process.exit(1);
  }, IdleTimeoutMs);
  const server = createServer(async (req, res) => {
    idle.refresh();
    const url = new URL(req.url, 'http://ps');
    const task = Number(url.searchParams.get('task') || NaN);
    const badTask = !(Number.isInteger(task) && task >= 0 && task < workers);
    if (req.method === 'GET' && url.pathname === '/variables') return sendFloats(res, values, step);
    if (req.method === 'POST' && url.pathname === '/gradients') {
      const gradients = await readFloats(req);
      const loss = Number(req.headers['x-loss']);
      if (!gradients || badTask || !Number.isFinite(loss))
        return res
          .writeHead(400)
          .end(
            `want ?task=<0..${workers - 1}>, an x-loss number and ${FlatSize} float32 gradients`,
          );
      // a push for another step (a worker ahead of a restored PS, or behind) resyncs it
      if (Number(url.searchParams.get('step') || NaN) !== step || step >= Training.steps)
        return sendFloats(res, values, step);
      pending.set(task, { gradients, loss, res });
      if (pending.size === workers) await applyStep();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/done') {
      req.resume();
      if (badTask) return res.writeHead(400).end(`want ?task=<0..${workers - 1}>`);
      done.set(task, res);
      if (done.size < workers) return;
      log(
        `all ${workers} workers done; checkpoint of step ${step} saved to the PVC (${await save()})`,
      );
      await Promise.all([...done.values()].map((r) => new Promise((resolve) => r.end(resolve))));
      process.exit(0);
    }
    res.writeHead(404).end();
  });
  const [host, port] = config.ps.split(':');
  server.listen(Number(port), host, () =>
    log(
      `serving ${Architecture} on ${config.ps}; synchronous training with Adam, ` +
        `${workers} workers, ${Training.steps} steps (loss: the mean batch loss since the last line)`,
    ),
  );
}
