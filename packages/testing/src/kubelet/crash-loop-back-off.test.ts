import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock, formatGoDuration } from '@kubekit/apimachinery';
import { startApiServer, type ApiServer } from '../api-server';
import { TestClient } from '../http-client';
import { podsOf } from '../test-support/kubelet-fixture';
import { LocalKubelet } from './local-kubelet';

let server: ApiServer;
let client: TestClient;
let kubelet: LocalKubelet | undefined;
let dir: string;
const logs: { hook?: LocalKubelet['podLogs'] } = {};

beforeEach(async () => {
  server = await startApiServer({ http: true, podLogs: (req) => logs.hook?.(req) });
  client = new TestClient(server);
  dir = mkdtempSync(join(tmpdir(), 'crashloop-'));
});
afterEach(async () => {
  await kubelet?.stop();
  kubelet = undefined;
  await client.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Prints `exiting`, exits 2 at once, or once `hold` is gone if it exists at the start. */
const crashing = (hold: string) =>
  `const fs=require("fs");const hold=${JSON.stringify(hold)};` +
  'const bye=()=>{console.log("exiting");process.exit(2)};' +
  'if(!fs.existsSync(hold))bye();else setInterval(()=>fs.existsSync(hold)||bye(),20)';

describe('LocalKubelet CrashLoopBackOff', () => {
  it('restarts at once, then backs off 10 s doubling to 5 min, and resets after 10 min of running', async () => {
    const clock = new FakeClock();
    kubelet = await LocalKubelet.start({ server, clock });
    logs.hook = kubelet.podLogs;
    const pods = podsOf(client);
    const hold = join(dir, 'hold');
    await pods.create('crash', {
      containers: [
        { name: 'main', image: 'node', command: [process.execPath, '-e', crashing(hold)] },
      ],
    });
    const backingOff = (restarts: number, backOff: string) =>
      pods.until('crash', `restart ${restarts} backing off ${backOff}`, (p) => {
        const c = p.status?.containerStatuses?.[0];
        return (
          c?.restartCount === restarts &&
          c.state.waiting?.message?.startsWith(`back-off ${backOff} `)
        );
      });
    const first = await backingOff(1, '10s');
    const status = first.status.containerStatuses[0];
    expect(status.state.waiting).toEqual({
      reason: 'CrashLoopBackOff',
      message: `back-off 10s restarting failed container=main pod=crash_default(${first.metadata.uid})`,
    });
    expect(status.lastState.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(status).toMatchObject({ ready: false, started: false });
    expect(first.status.phase).toBe('Running');
    // kubectl logs, with or without --previous, reads the run that crashed
    const log = '/api/v1/namespaces/default/pods/crash/log';
    expect((await client.get(log)).text).toBe('exiting\n');
    expect((await client.get(`${log}?previous=true`)).text).toBe('exiting\n');

    const delays = [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000];
    for (const [i, delay] of delays.slice(0, -1).entries()) {
      clock.step(delay);
      await backingOff(i + 2, formatGoDuration(delays[i + 1]!));
    }
    expect(formatGoDuration(300_000)).toBe('5m0s');

    // a run that lasts more than 10 min: the next exit restarts at once and backs off 10 s again
    writeFileSync(hold, '');
    clock.step(300_000);
    await pods.until('crash', 'running restart 8', (p) => {
      const c = p.status.containerStatuses[0];
      return c.restartCount === 8 && c.state.running;
    });
    clock.step(10 * 60_000 + 1);
    rmSync(hold);
    await backingOff(9, '10s');
  });

  it('does not restart a pod that is deleted while it backs off', async () => {
    const clock = new FakeClock();
    kubelet = await LocalKubelet.start({ server, clock });
    const pods = podsOf(client);
    await pods.create('gone', {
      restartPolicy: 'OnFailure',
      containers: [
        { name: 'main', image: 'node', command: [process.execPath, '-e', 'process.exit(1)'] },
      ],
    });
    await pods.until(
      'gone',
      'backing off',
      (p) => p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff',
    );
    await client.delete('/api/v1/namespaces/default/pods/gone');
    await pods.gone('gone');
    expect(clock.waiters()).toBe(1); // the restart timer went with the pod: only the node's heartbeat is left
  });
});
