import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient, clusterAccessFromKubeconfig } from './http-client';

describe('kubekit-apiserver CLI', () => {
  it('writes a working kubeconfig and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-cli-'));
    const out = join(dir, 'kubeconfig');
    const child = spawn(
      process.execPath,
      [
        '--conditions=@kubekit/source',
        '--import',
        'tsx',
        join(__dirname, 'cli.ts'),
        '--kubeconfig-out',
        out,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    try {
      // Starting from TypeScript sources takes 10-25 s on a loaded 2-core machine: wait for the
      // announcement or the child's exit, bounded below the test's own timeout.
      let exitedEarly = false;
      void exited.then(() => (exitedEarly = true));
      const deadline = Date.now() + 75_000;
      while (!stdout.includes('kubectl get namespaces') && !exitedEarly && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      if (exitedEarly) throw new Error(`the CLI exited before serving:\n${stderr}`);
      expect(stdout).toMatch(/listening on https:\/\/127\.0\.0\.1:\d+/);
      const client = new TestClient(clusterAccessFromKubeconfig(readFileSync(out, 'utf8')));
      expect((await client.get('/api/v1/namespaces/default')).status).toBe(200);
      await client.close();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toContain('SIGTERM: stopping');
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
