import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../api-server';
import { TestClient } from '../http-client';
import { LocalKubelet } from './local-kubelet';

let server: ApiServer;
let client: TestClient;
/** This test's stand-in for the OS temp dir (where a kubelet without rootDir makes its root). */
let tmp: string;
const kubelets: LocalKubelet[] = [];

beforeEach(async () => {
  server = await startApiServer({ http: true });
  client = new TestClient(server);
  tmp = mkdtempSync(join(os.tmpdir(), 'kubekit-kubelet-test-'));
  // as TMPDIR=tmp would (jest gives tests a copy of process.env, which node:os does not read)
  jest.spyOn(os, 'tmpdir').mockReturnValue(tmp);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(kubelets.splice(0).map((k) => k.stop()));
  await client.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const start = async (rootDir?: string): Promise<LocalKubelet> => {
  const kubelet = await LocalKubelet.start({
    server,
    rootDir,
    script: () => ({ phase: 'Running' }),
  });
  kubelets.push(kubelet);
  return kubelet;
};

describe('LocalKubelet root directory', () => {
  it('removes the temp directory it made on stop, and keeps a given rootDir', async () => {
    const made = await start();
    expect(made.rootDir.startsWith(join(tmp, 'kubekit-kubelet-'))).toBe(true);
    expect(existsSync(made.rootDir)).toBe(true);
    await made.stop();
    expect(readdirSync(tmp)).toEqual([]);

    const given = join(tmp, 'given');
    mkdirSync(given);
    const kept = await start(given);
    await kept.stop();
    expect(readdirSync(tmp)).toEqual(['given']);
  });

  it('leaves no directory and no Node behind when start fails half-way', async () => {
    // the node registers, then listing pods fails
    server.faults.failRequests({
      share: 1,
      code: 500,
      match: (r) => r.method === 'GET' && r.path.endsWith('/pods'),
    });
    await expect(start()).rejects.toThrow('listing pods: HTTP 500');
    expect(readdirSync(tmp)).toEqual([]);
    expect((await client.get('/api/v1/nodes/local-node')).status).toBe(404);
    // registering the node fails
    server.faults.failRequests({ share: 1, code: 500, match: (r) => r.method === 'POST' });
    await expect(start()).rejects.toThrow('registering node local-node: HTTP 500');
    expect(readdirSync(tmp)).toEqual([]);
  });
});
