/**
 * `npm start` end to end (src/main/local.ts as scripts/start.mjs runs it): the API server, the
 * LocalKubelet and the controller run the TensorFlow.js job of sample/; the test reads the
 * terminal output and checks every state, the restart, the loss going down and the accuracy
 * the seeded training reaches on the held-out set. No timing is asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(300_000);

const exampleDir = join(__dirname, '../..');
let demo: ChildProcess | undefined;
// a demo still running (the test timed out) stops its pods on SIGTERM
afterAll(() => demo?.exitCode === null && demo.signalCode === null && demo.kill('SIGTERM'));

/** Runs the demo to its exit; resolves with its exit code and output. */
function runDemo(): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@kubekit/source', 'src/main/local.ts'],
    { cwd: exampleDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  demo = child;
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('npm start', () => {
  let run: { code: number | null; output: string };
  beforeAll(async () => {
    run = await runDemo();
  });

  it('exits 0 after the job succeeded', () => {
    expect({ code: run.code, output: run.output }).toEqual({ code: 0, output: expect.any(String) });
  });

  it('shows every state: Created, Running, Restarting, Running again, Succeeded', () => {
    const states = [...run.output.matchAll(/^\d\d:\d\d:\d\d (\w+) \(/gm)].map((m) => m[1]);
    expect(states).toEqual(['Created', 'Running', 'Restarting', 'Running', 'Succeeded']);
  });

  it('shows the killed worker resuming at the step the PS is at, after a checkpoint', () => {
    expect(run.output).toMatch(
      /\[worker-1\] restarted after exit 137: resuming at the PS's step 60 \(last checkpoint in the PVC: step 50\)/,
    );
  });

  it('shows the loss going down and the held-out accuracy of the trained model', () => {
    const losses = [...run.output.matchAll(/\[ps-0\] step +(\d+)\/100 +loss ([\d.]+)/g)].map((m) =>
      Number(m[2]),
    );
    expect(losses).toHaveLength(11); // step 1, then every 10 steps
    expect(losses[0]).toBeGreaterThan(2); // about ln 10: guessing among 10 digits
    expect(losses.at(-1)).toBeLessThan(losses[0]! / 4);
    const accuracy = Number(/held-out accuracy ([\d.]+)%/.exec(run.output)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(85); // chance is 10%; the seeded run reaches 90.3%
    expect(run.output.trimEnd().split('\n').at(-1)).toMatch(
      /^TFJob default\/mnist Succeeded .*restarts 1 .*held-out accuracy \d+\.\d%$/,
    );
  });
});
