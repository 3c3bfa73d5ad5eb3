/**
 * Scenario 6b (`--only tfjob-real`, never in a default run): the TFJob controller of
 * examples/tfjob-controller on the full real control plane: kube-apiserver + etcd +
 * kube-controller-manager (garbage collector, namespace and NODE_LIFECYCLE_CONTROLLERS) +
 * kube-scheduler of test/real-apiserver, 10 LocalKubelet nodes in the server process that run
 * only the pods the scheduler bound to them (scripted: Running), the TFJob CRD, and the
 * controller in this process as the least-privileged `tfjob-controller` user (RBAC:
 * test/real-apiserver/tfjob-controller-rbac.ts). The server process submits N TFJobs of one PS
 * and three workers; measured until every job has condition Running and every pod runs: wall
 * time, the controller's API requests, reconcile errors and CPU per job (this process), the CPU
 * per job of kube-apiserver and etcd (from /proc/<pid>/stat), the controller's peak RSS and
 * heap, and the duplicate check (distinct pods per job ever seen on a watch).
 * One fresh control plane per case and one round (a control plane takes a minute to start).
 */
import { readFileSync } from 'node:fs';
import { Clientset } from '@kubekit/clientset';
import { RESTClient } from '@kubekit/rest';
import { installCrd, readCrd } from '@kubekit/example-tfjob-controller';
import {
  CONTROL_PLANE,
  DEFAULT_CONTROLLERS,
  NODE_LIFECYCLE_CONTROLLERS,
  startRealApiServer,
  type RealApiServer,
} from '../../real-apiserver';
import { serverOf, type BenchContext, type Scenario } from '../context';
import { rowsOf, type Sample } from '../harness';
import { measureBurst, startBenchController } from '../tfjob-bench-controller';
import { tfjobCrdPath } from '../tfjob-bench-job';
import type { RealBurstCheck } from '../tfjob-real-cluster';

const scenarioName = '6b. TFJob controller, real control plane';
const nodes = 10;
/** How long a burst may take before it is recorded as an error. */
const timeoutMsFor = (jobs: number) => 120_000 + jobs * 1_500;
/** Linux reports process times in clock ticks of 1/100 s (USER_HZ on every Linux ABI we run on). */
const msPerTick = 10;

/** CPU time (user + system, ms) the process `pid` has used so far. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name (field 2) may hold spaces: fields 14 and 15 follow its closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * msPerTick;
}

/**
 * Samples this process's RSS and heap every 200 ms; `stop()` (idempotent) ends the sampling and
 * returns the peaks in MB.
 */
function peakMemory(): { stop(): { rssMb: number; heapMb: number } } {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rssMb: rss / 2 ** 20, heapMb: heap / 2 ** 20 };
    },
  };
}

/**
 * Starts the control plane (with the node lifecycle controllers: they clear the not-ready taint
 * kube-apiserver puts on new nodes, so the scheduler can use them) and installs the CRD.
 */
async function startControlPlane(ctx: BenchContext): Promise<RealApiServer> {
  const cluster = await startRealApiServer({
    components: CONTROL_PLANE,
    controllers: [...DEFAULT_CONTROLLERS, ...NODE_LIFECYCLE_CONTROLLERS],
    log: (m) => ctx.log(`real control plane: ${m.trim()}`),
  });
  const admin = new RESTClient({
    server: cluster.url,
    bearerToken: cluster.token,
    caData: cluster.caPem,
    qps: Infinity,
  });
  try {
    await installCrd(new Clientset(admin), readCrd(tfjobCrdPath));
  } catch (err) {
    await cluster.stop();
    throw err;
  } finally {
    await admin.close();
  }
  return cluster;
}

/** One burst of `jobs` TFJobs on a fresh control plane. */
async function burst(ctx: BenchContext, jobs: number): Promise<Sample> {
  const { server } = serverOf(ctx);
  const cluster = await startControlPlane(ctx);
  try {
    const { url, token, caPem } = cluster;
    await server.call({ op: 'tfjob-real-start', url, token, caPem, nodes });
    const controller = await startBenchController({
      server: url,
      caData: caPem,
      bearerToken: cluster.tfjobControllerToken,
    });
    try {
      const { kubeApiServer, etcd } = cluster.pids;
      const apiBefore = processCpuMs(kubeApiServer);
      const etcdBefore = processCpuMs(etcd);
      const memory = peakMemory();
      const measured = await measureBurst(controller, jobs, async () => {
        await server.call({ op: 'tfjob-real-submit', jobs });
        return server.call<RealBurstCheck>({
          op: 'tfjob-real-wait',
          jobs,
          timeoutMs: timeoutMsFor(jobs),
        });
      }).finally(() => memory.stop());
      const { sample, controllerCpuMs, result: check } = measured;
      const peak = memory.stop();
      const apiCpuMs = processCpuMs(kubeApiServer) - apiBefore;
      return {
        ...sample,
        apiServerCpuPerJob: apiCpuMs / jobs,
        etcdCpuPerJob: (processCpuMs(etcd) - etcdBefore) / jobs,
        controllerOverApiServer: controllerCpuMs / apiCpuMs,
        controllerPeakRssMb: peak.rssMb,
        controllerPeakHeapMb: peak.heapMb,
        maxPodsPerJob: check.maxPodsPerJob,
        jobsWithDuplicates: check.jobsWithDuplicates,
        kubeletErrors: check.kubeletErrors,
      };
    } finally {
      await controller.stop();
    }
  } finally {
    await server.call({ op: 'tfjob-real-stop' }).catch(() => undefined);
    await cluster.stop();
  }
}

const metrics = (
  [
    ['wallMs', 'time until every job and pod is Running', 'ms', true],
    ['jobsPerSecond', 'jobs Running per second', 'jobs/s', false],
    ['requestsPerJob', 'controller API requests per job', 'requests', true],
    ['errorsPerJob', 'reconcile errors per job (retried)', 'errors', true],
    ['controllerCpuPerJob', 'controller CPU per job', 'ms', true],
    ['apiServerCpuPerJob', 'kube-apiserver CPU per job', 'ms', true],
    ['etcdCpuPerJob', 'etcd CPU per job', 'ms', true],
    ['controllerOverApiServer', 'controller CPU / kube-apiserver CPU', 'ratio', true],
    ['controllerPeakRssMb', 'controller process peak RSS', 'MB', true],
    ['controllerPeakHeapMb', 'controller process peak heap', 'MB', true],
    ['maxPodsPerJob', 'most pods a job ever had (replicas: 4)', 'pods', true],
    ['jobsWithDuplicates', 'jobs with more pods than replicas', 'jobs', true],
    ['kubeletErrors', 'kubelet errors (watch retries, status writes)', 'errors', true],
  ] as const
).map(([key, metric, unit, lowerIsBetter]) => ({ key, metric, unit, lowerIsBetter }));

/** Scenario 6b (see the file comment). */
export const tfjobRealControlPlane: Scenario = {
  name: 'tfjob-real',
  needsServer: true,
  onlyWhenNamed: true,
  async run(ctx) {
    for (const jobs of ctx.profile.tfjob.jobs) {
      ctx.log(`tfjob-real: ${String(jobs)} jobs of 1 PS + 3 workers on ${nodes} nodes`);
      let measured: Sample[] | { error: string };
      try {
        measured = [await burst(ctx, jobs)];
      } catch (err) {
        measured = { error: String((err as Error)?.message ?? err) };
      }
      ctx.emit(
        rowsOf(
          scenarioName,
          `${jobs.toLocaleString('en-US')} TFJobs x 4 replicas on ${nodes} nodes`,
          new Map([['kubekit', measured]]),
          metrics,
          {
            'client-node': 'no client-node TFJob controller exists',
            raw: 'no library-free controller to compare',
          },
        ),
      );
    }
  },
};
