import { FakeClock } from '@kubekit/apimachinery';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialError } from '../credential-error';
import type { RequestError } from '../request-error';
import { RESTClient } from '../rest-client';
import { runExecProcess } from './exec-process';
import { eventually, startTestServer, type TestServer } from './testing/http-test-server';

// A plugin that starts a helper process, writes both pids to a file, then hangs ("hang") or
// prints without end ("flood").
const pluginSource = `
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const helper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
fs.writeFileSync(process.env.PIDS, process.pid + ' ' + helper.pid);
if (process.env.MODE === 'flood') {
  const mib = Buffer.alloc(1024 * 1024, 'x');
  const pump = () => { while (process.stdout.write(mib)); process.stdout.once('drain', pump); };
  pump();
}
setInterval(() => {}, 1000);
`;

/** How long starting or reaping a process may take on a loaded machine (real time). */
const busyMachineMs = 20_000;

/** Whether a process runs (a zombie, killed but not yet reaped, does not). Linux /proc. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('exec plugin processes are bounded', () => {
  let dir: string;
  let server: TestServer;
  const clients: RESTClient[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubekit-exec-bounds-'));
    await writeFile(join(dir, 'plugin.js'), pluginSource);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
    await rm(dir, { recursive: true, force: true });
  });

  const env = (mode: string) => ({ ...process.env, MODE: mode, PIDS: join(dir, 'pids') });
  const pids = async () => {
    await eventually(() => {
      try {
        return readFileSync(join(dir, 'pids'), 'utf8').includes(' ');
      } catch {
        return false;
      }
    }, busyMachineMs);
    return (await readFile(join(dir, 'pids'), 'utf8')).split(' ').map(Number);
  };

  it('kills a plugin that does not finish within the timeout, and the processes it started', async () => {
    const clock = new FakeClock();
    const run = runExecProcess(process.execPath, [join(dir, 'plugin.js')], env('hang'), {
      clock,
      timeoutMs: 30_000,
      maxOutputBytes: 1024,
    }).catch((e: unknown) => e);
    const [plugin, helper] = await pids();
    expect(running(plugin!)).toBe(true);
    clock.step(29_999);
    expect(running(plugin!)).toBe(true);
    clock.step(1);
    const err = (await run) as CredentialError;
    expect(CredentialError.isInstance(err)).toBe(true);
    expect(err.message).toContain('did not finish within 30000 ms: killed');
    await eventually(() => !running(plugin!) && !running(helper!), busyMachineMs);
    expect(clock.waiters()).toBe(0);
  });

  it('kills a plugin that prints more than the output limit, without buffering the rest', async () => {
    const clock = new FakeClock();
    const err = await runExecProcess(process.execPath, [join(dir, 'plugin.js')], env('flood'), {
      clock,
      timeoutMs: 30_000,
      maxOutputBytes: 1024 * 1024,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('printed more than 1048576 bytes: killed');
    const [plugin, helper] = await pids();
    await eventually(() => !running(plugin!) && !running(helper!), busyMachineMs);
  });

  it('a request stops waiting for a hanging plugin on abort and on its timeout; the plugin dies at the exec timeout', async () => {
    const clock = new FakeClock();
    const exec = {
      command: process.execPath,
      args: [join(dir, 'plugin.js')],
      apiVersion: 'client.authentication.k8s.io/v1',
      env: [
        { name: 'MODE', value: 'hang' },
        { name: 'PIDS', value: join(dir, 'pids') },
      ],
      timeoutMs: 60_000,
    };
    const client = new RESTClient(
      { server: server.url, exec, timeoutMs: 10_000, warningHandler: null },
      { clock },
    );
    clients.push(client);
    const ac = new AbortController();
    const aborted = client.get().resource('pods').signal(ac.signal).do();
    const [plugin] = await pids();
    ac.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });

    const timedOut = client.get().resource('pods').do();
    expect(await clock.waitForWaiters(2)).toBe(true); // the exec timeout and the request's
    clock.step(10_000);
    const err = (await timedOut.catch((e: unknown) => e)) as RequestError;
    expect(err.reason).toBe('Timeout');
    expect(running(plugin!)).toBe(true);
    clock.step(50_000);
    await eventually(() => !running(plugin!), busyMachineMs);
    expect(server.requests).toHaveLength(0);
  });
});
