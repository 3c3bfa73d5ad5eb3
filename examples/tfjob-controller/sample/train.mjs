// A small distributed training program for the local TFJob demo: one parameter server (PS) and
// N workers fit y = 3x + 2 by synchronous-free SGD, exchanging parameters over HTTP at the
// addresses TF_CONFIG gives them (the LocalKubelet makes those resolvable on one host).
//
// - The PS keeps the parameters, checkpoints them to the PVC directory and serves
//   GET /params, POST /grad, POST /done, GET /status. It exits 0 once every worker is done.
// - Each worker checkpoints its step to the PVC directory and resumes from it after a restart.
// - With FAIL_WORKER=<i>, worker i exits 137 (as an OOM kill would) once, mid-run: the TFJob
//   controller restarts it (restartPolicy ExitCode) and it resumes from its checkpoint.
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const config = JSON.parse(process.env.TF_CONFIG ?? '{}');
const { type, index } = config.task ?? {};
const ckptDir = process.env.KUBEKIT_MOUNT_CKPT ?? process.env.CHECKPOINT_DIR ?? 'ckpt';
mkdirSync(ckptDir, { recursive: true });
const steps = Number(process.env.STEPS ?? 80);
const log = (...args) => console.log(`[${type}-${index}]`, ...args);
const readJson = (file, fallback) =>
  existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : fallback;
const [psHost, psPort] = config.cluster.ps[0].split(':');

if (type === 'ps') runPs();
else await runWorker();

function runPs() {
  const file = join(ckptDir, 'ps.json');
  const state = readJson(file, { w: [0, 0], updates: 0 });
  const done = new Set();
  const workers = config.cluster.worker.length;
  if (state.updates) log(`restored checkpoint after ${state.updates} updates`);
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const reply = (obj) => res.end(JSON.stringify(obj));
      if (req.url === '/params') return reply(state);
      if (req.url === '/status') return reply({ done: done.size, workers });
      const msg = JSON.parse(body || '{}');
      if (req.url === '/grad') {
        state.w = state.w.map((w, i) => w - 0.1 * msg.grad[i]);
        state.updates++;
        if (state.updates % 20 === 0) writeFileSync(file, JSON.stringify(state));
        return reply(state);
      }
      if (req.url === '/done') {
        done.add(msg.worker);
        reply({ ok: true });
        if (done.size === workers) {
          writeFileSync(file, JSON.stringify(state));
          log(`all workers done; w = [${state.w.map((x) => x.toFixed(3))}]`);
          setTimeout(() => process.exit(0), 200);
        }
        return;
      }
      res.statusCode = 404;
      res.end();
    });
  });
  server.listen(Number(psPort), psHost, () => log(`serving parameters on ${psHost}:${psPort}`));
}

async function call(path, body) {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`http://${psHost}:${psPort}${path}`, {
        method: body ? 'POST' : 'GET',
        body: body ? JSON.stringify(body) : undefined,
      });
      return await res.json();
    } catch (err) {
      if (attempt > 200) throw err;
      await new Promise((r) => setTimeout(r, 100)); // the PS may not be up yet
    }
  }
}

async function runWorker() {
  const file = join(ckptDir, `worker-${index}.json`);
  const marker = join(ckptDir, `worker-${index}.killed`);
  let { step } = readJson(file, { step: 0 });
  if (step) log(`resuming from checkpoint at step ${step}`);
  const failAt = process.env.FAIL_WORKER === String(index) && !existsSync(marker) ? steps / 2 : -1;
  for (; step < steps; step++) {
    const { w } = await call('/params');
    // this worker's shard of the data: x in [index, index + 1)
    const x = index + (step % 10) / 10;
    const err = w[0] * x + w[1] - (3 * x + 2);
    await call('/grad', { grad: [err * x, err] });
    if (step % 10 === 0) {
      writeFileSync(file, JSON.stringify({ step }));
      log(`step ${step} loss ${(err * err).toFixed(4)}`);
    }
    if (step === failAt) {
      writeFileSync(marker, 'killed once');
      log(`step ${step}: simulating an OOM kill (exit 137)`);
      process.exit(137);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  writeFileSync(file, JSON.stringify({ step }));
  await call('/done', { worker: index });
  if (index === 0) {
    // worker 0 decides success: finish only once every worker is done
    for (;;) {
      const status = await fetch(`http://${psHost}:${psPort}/status`)
        .then((r) => r.json())
        .catch(() => undefined); // the PS already exited: everyone is done
      if (!status || status.done >= status.workers) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  log('done');
}
