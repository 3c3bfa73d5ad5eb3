/**
 * scripts/with-node.mjs, which every npm script runs through: it passes on the child's exit code
 * and a SIGTERM sent to it alone (a supervisor stopping `npm start`), leaving no orphan.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const withNode = join(__dirname, '..', '..', 'scripts', 'with-node.mjs');

function run(script: string) {
  const child = spawn(process.execPath, [withNode, 'node', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

it("exits with the child's exit code", async () => {
  expect(await run('process.exit(3)').exited).toBe(3);
});

it('forwards SIGTERM to the child and exits as the child does', async () => {
  const { child, exited, output } = run(
    "process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(0); });" +
      "console.log('ready'); setInterval(() => {}, 1000);",
  );
  while (!output().includes('ready')) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output()).toContain('child got SIGTERM');
});
