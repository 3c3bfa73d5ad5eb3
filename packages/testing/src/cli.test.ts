import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('kubectl get namespaces') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(stdout).toMatch(/listening on https:\/\/127\.0\.0\.1:\d+/);
    const client = new TestClient(clusterAccessFromKubeconfig(readFileSync(out, 'utf8')));
    expect((await client.get('/api/v1/namespaces/default')).status).toBe(200);
    await client.close();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('SIGTERM: stopping');
  });
});
