/**
 * The demo's PS (sample/ps.mjs) restarted from its checkpoint, with real processes of
 * sample/train.mjs talking HTTP: training 30 steps, restarting the PS and the worker from the
 * checkpoint and training on to 40 gives the variables of 40 steps in one go (the variables,
 * Adam's moments and its step count all came back), and a push for another step is answered at
 * once with the PS's step.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(180_000);

const program = join(__dirname, '../../sample/train.mjs');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** A checkpoint directory of its own (removed after the tests). */
function checkpointDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ps-ckpt-'));
  dirs.push(dir);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One job of a PS and one worker on `port`, checkpointing into `dir`. */
function replica(type: 'ps' | 'worker', port: number, dir: string, steps: number) {
  const tfConfig = {
    cluster: { ps: [`127.0.0.1:${port}`], worker: ['127.0.0.1:1'] },
    task: { type, index: 0 },
  };
  const child = spawn(process.execPath, [program], {
    env: {
      ...process.env,
      TF_CONFIG: JSON.stringify(tfConfig),
      CHECKPOINT_DIR: dir,
      STEPS: String(steps),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

async function train(dir: string, steps: number): Promise<string> {
  const port = await freePort();
  const ps = replica('ps', port, dir, steps);
  const worker = replica('worker', port, dir, steps);
  expect([await ps.exited, await worker.exited]).toEqual([0, 0]);
  return ps.output() + worker.output();
}

/** The float32 values of the checkpoint in `dir` (variables and optimizer state). */
function checkpointFloats(dir: string): Float32Array {
  const bytes = readFileSync(join(dir, 'model.ckpt'));
  const start = 4 + bytes.readUInt32LE(0);
  return new Float32Array(new Uint8Array(bytes.subarray(start)).buffer);
}

describe('the demo PS', () => {
  it('resumes from its checkpoint where an uninterrupted run would be', async () => {
    const straight = checkpointDir();
    const resumed = checkpointDir();
    await train(straight, 40);
    expect(await train(resumed, 30)).toContain('checkpoint of step 30 saved to the PVC');
    const log = await train(resumed, 40);
    expect(log).toContain(`restored the checkpoint of step 30 from ${resumed}`);
    expect(log).toMatch(/PS at \S+, step 30\n/); // the worker starts at the PS's step
    const [a, b] = [checkpointFloats(straight), checkpointFloats(resumed)];
    expect(b.length).toBe(a.length);
    // the same up to float32 rounding (Adam recomputes beta^t on restore instead of having
    // multiplied it step by step); a lost optimizer state is off by orders of magnitude more
    const worst = Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
    expect(worst).toBeLessThan(1e-5);
  });

  it('answers a push for another step at once with its own step and variables', async () => {
    const dir = checkpointDir();
    await train(dir, 20);
    const port = await freePort();
    const ps = replica('ps', port, dir, 40);
    try {
      const url = `http://127.0.0.1:${port}`;
      let pulled: Response | undefined;
      while (!pulled) pulled = await fetch(`${url}/variables`).catch(() => undefined);
      expect(pulled.headers.get('x-step')).toBe('20');
      const variables = new Float32Array(await pulled.arrayBuffer());
      const stale = await fetch(`${url}/gradients?task=0&step=3`, {
        method: 'POST',
        headers: { 'x-loss': '1' },
        body: new Float32Array(variables.length),
      });
      expect(stale.headers.get('x-step')).toBe('20');
      expect(new Float32Array(await stale.arrayBuffer())).toEqual(variables);
      const push = (query: string, body: Float32Array) =>
        fetch(`${url}/gradients?${query}`, { method: 'POST', headers: { 'x-loss': '1' }, body });
      const wrongSize = await push('task=0&step=20', new Float32Array(3));
      expect([wrongSize.status, await wrongSize.text()]).toEqual([
        400,
        'want ?task=<0..0>, an x-loss number and 2410 float32 gradients',
      ]);
      expect((await push('step=20', variables)).status).toBe(400); // no task
      expect((await push('task=1&step=20', variables)).status).toBe(400); // no such worker
    } finally {
      ps.child.kill();
      await ps.exited;
    }
  });
});
