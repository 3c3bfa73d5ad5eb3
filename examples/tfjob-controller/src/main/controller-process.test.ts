/**
 * The `tfjob-controller` binary end to end: two OS processes leader-elected on one Lease against
 * the server under test (embedded, or the real one with KUBEKIT_SERVER=real), in a namespace of
 * their own (`--namespace`), with a scripted LocalKubelet of that namespace; the leader is SIGKILLed mid-job and the
 * other takes over; the survivor exits 0 on SIGTERM and releases the Lease.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { coreV1 } from '@kubekit/clientset';
import { RESTClient } from '@kubekit/rest';
import { startServerUnderTest, type ServerUnderTest } from '@kubekit/testing';
import { LocalKubelet, type KubeletPod, type ScriptedPodState } from '@kubekit/testing/kubelet';
import { installCrd, readCrd } from '../crd';
import { Clientset } from '../generated';
import { condition, tfJob } from '../testing/harness';

jest.setTimeout(180_000);

const exampleDir = join(__dirname, '../..');
const LeaseName = 'tfjob-e2e';

/** One `tfjob-controller` OS process: its output, identity and health URL once started. */
interface ControllerProcess {
  child: ChildProcess;
  output: string[];
  identity?: string;
  metricsUrl?: string;
  healthUrl?: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let server: ServerUnderTest;
let ns: string;
let rest: RESTClient;
let clientset: Clientset;
let kubelet: LocalKubelet;
let dir: string;
const phases = new Map<string, ScriptedPodState>();
const processes: ControllerProcess[] = [];

beforeAll(async () => {
  server = await startServerUnderTest();
  ns = await server.namespace('tfjob-e2e');
  rest = new RESTClient({ server: server.url, caData: server.caPem, bearerToken: server.token });
  clientset = new Clientset(rest);
  await installCrd(clientset, readCrd(join(exampleDir, 'deploy/crd.yaml')));
  kubelet = await LocalKubelet.start({
    server,
    namespace: ns,
    script: (pod: KubeletPod) => phases.get(pod.metadata.name) ?? { phase: 'Running' },
  });
  dir = mkdtempSync(join(tmpdir(), 'tfjob-e2e-'));
  writeFileSync(join(dir, 'kubeconfig'), server.kubeconfigYaml, { mode: 0o600 });
});

afterAll(async () => {
  for (const p of processes)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  await kubelet?.stop();
  await rest?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Spawns `tfjob-controller` with short Lease timings (a renew deadline of 6 s: two processes
 * compiling TypeScript on a loaded machine can stall for seconds, and a leader that misses it
 * exits); its startup line gives identity and URLs.
 */
function startController(): ControllerProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@kubekit/source',
      'src/main/controller.ts',
      '--kubeconfig',
      join(dir, 'kubeconfig'),
      '--leader-elect',
      '--leader-election-id',
      LeaseName,
      '--namespace',
      ns,
      '--leader-election-namespace',
      ns,
      // long enough that a renewal slowed by a loaded machine never costs the leader its Lease
      '--leader-elect-lease-duration',
      '20s',
      '--leader-elect-renew-deadline',
      '15s',
      '--leader-elect-retry-period',
      '500ms',
      '--controller-threads',
      '2',
      '--metrics-bind-address',
      '127.0.0.1:0',
      '--health-probe-bind-address',
      '127.0.0.1:0',
    ],
    { cwd: exampleDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const p: ControllerProcess = {
    child,
    output: [],
    exited: new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    ),
  };
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    p.output.push(text);
    const started = /tfjob-controller (\S+): metrics (\S+), probes (\S+)/.exec(text);
    if (started) [, p.identity, p.metricsUrl, p.healthUrl] = started;
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  processes.push(p);
  return p;
}

/** Polls `fn` until it returns a value; the deadline is generous (processes start under load). */
async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) {
      const logs = processes.map((p, i) => `--- controller ${i}:\n${p.output.join('')}`);
      throw new Error(`timed out waiting for ${what}\n${logs.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const leaseHolder = async () =>
  (
    (await rest
      .get()
      .groupVersion({ group: 'coordination.k8s.io', version: 'v1' })
      .namespace(ns)
      .resource('leases')
      .name(LeaseName)
      .do()
      .catch(() => undefined)) as { spec?: { holderIdentity?: string } } | undefined
  )?.spec?.holderIdentity;

const ready = async (p: ControllerProcess) =>
  p.healthUrl !== undefined &&
  (await fetch(`${p.healthUrl}/readyz`).then(
    (r) => r.ok,
    () => false,
  ));

/** The process's `controller_runtime_reconcile_total`, all results summed. */
async function reconciles(p: ControllerProcess): Promise<number> {
  const text = await (await fetch(`${p.metricsUrl}/metrics`)).text();
  return [...text.matchAll(/^controller_runtime_reconcile_total\{[^}]*\} (\d+)$/gm)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
}

/** Events the controllers recorded with `reason`, as [source host, count]. */
async function events(reason: string): Promise<Array<[string | undefined, number]>> {
  const list = (await clientset.coreV1.events(ns).list()).items as coreV1.Event[];
  return list.filter((e) => e.reason === reason).map((e) => [e.source?.host, e.count ?? 1]);
}

const podUids = async () =>
  (await clientset.coreV1.pods(ns).list()).items.map((p) => p.metadata!.uid!).sort();

it('runs as two leader-elected processes: SIGKILL of the leader hands the job over, SIGTERM exits 0', async () => {
  const a = startController();
  const b = startController();
  await eventually('both processes ready', async () => (await ready(a)) && (await ready(b)));
  const holder = await eventually('a leader', async () => {
    const h = await leaseHolder();
    return h !== undefined && h !== '' ? h : undefined;
  });
  const [leader, follower] = holder === a.identity ? [a, b] : [b, a];
  expect(holder).toBe(leader.identity);
  expect(follower.identity).not.toBe(holder);

  const job = tfJob('e2e', { PS: 1, Worker: 2 });
  await clientset.kubeflowV1
    .tfJobs(ns)
    .create({ ...job, metadata: { ...job.metadata, namespace: ns } });
  await eventually('the job running', async () =>
    condition(await clientset.kubeflowV1.tfJobs(ns).get('e2e'), 'Running'),
  );
  const uids = await podUids();
  expect(uids).toHaveLength(3);
  await eventually('3 pod creations recorded', async () => {
    const created = await events('SuccessfulCreatePod');
    return created.reduce((n, [, c]) => n + c, 0) === 3 && created;
  });
  expect((await events('SuccessfulCreatePod')).map(([host]) => host)).toEqual([
    leader.identity,
    leader.identity,
    leader.identity,
  ]);

  expect(await reconciles(leader)).toBeGreaterThan(0);
  expect(await reconciles(follower)).toBe(0); // informers may sync, the workers wait for the Lease

  leader.child.kill('SIGKILL');
  expect(await leader.exited).toEqual({ code: null, signal: 'SIGKILL' });
  // The Lease is not released by a killed process: the follower takes it once it expires (20 s).
  await eventually('the follower leads', async () => (await leaseHolder()) === follower.identity);

  phases.set('e2e-worker-0', { phase: 'Succeeded' });
  await kubelet.resync();
  await eventually('the job succeeded', async () =>
    condition(await clientset.kubeflowV1.tfJobs(ns).get('e2e'), 'Succeeded'),
  );
  await eventually('the success event', async () =>
    (await events('TFJobSucceeded')).some(([host]) => host === follower.identity),
  );
  expect(await podUids()).toEqual(uids);
  expect(await reconciles(follower)).toBeGreaterThan(0);
  expect((await events('SuccessfulCreatePod')).map(([host]) => host)).not.toContain(
    follower.identity,
  );

  follower.child.kill('SIGTERM');
  expect(await follower.exited).toEqual({ code: 0, signal: null });
  expect(await leaseHolder()).toBeFalsy(); // released on the way out
});
