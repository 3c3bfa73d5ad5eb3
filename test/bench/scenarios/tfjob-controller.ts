/**
 * Scenario 6: the TFJob controller of examples/tfjob-controller under a burst. N TFJobs of one
 * PS and three workers are submitted at once to a fresh @kubekit/testing API server in the
 * server process, whose LocalKubelet scripts every pod to Running; measured: the time from the
 * first create until every pod and service exists and every job has condition Running, the API
 * requests the controller's client made per job, and the CPU time per job of the controller
 * (this process: informers, reconciles, its requests, and the creates that submit the jobs)
 * and of the server process. kubekit only: client-node has no controller to compare.
 */
import { newInformerFactory } from '@kubekit/clientset';
import { FakeRecorder } from '@kubekit/record/testing';
import { RESTClient, type RateLimiter } from '@kubekit/rest';
import { Clientset, newTFJobController, type TFJob } from '@kubekit/example-tfjob-controller';
import { serverOf, type BenchContext, type Scenario } from '../context';
import { interleaved, profileFor, rowsOf, type Sample } from '../harness';
import type { ServerEndpoint } from '../server-protocol';
import { tfjobNamespace as namespace } from '../tfjob-server';

const scenarioName = '6. TFJob controller';
/** Concurrent reconciles, as `--controller-threads` would set them. */
const workers = 4;

/** A rate limiter that admits everything and counts: RESTClient asks it once per attempt. */
class CountingLimiter implements RateLimiter {
  count = 0;
  wait(): Promise<void> {
    this.count++;
    return Promise.resolve();
  }
}

function tfJob(name: string): TFJob {
  const template = {
    spec: { containers: [{ name: 'tensorflow', image: 'kubeflow/tf-dist-mnist-test:1.0' }] },
  };
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name, namespace },
    spec: {
      tfReplicaSpecs: {
        PS: { replicas: 1, template },
        Worker: { replicas: 3, template },
      } as never,
    },
  };
}

/** One burst on a fresh server: wall time to all Running, requests and CPU per job. */
async function burst(ctx: BenchContext, jobs: number): Promise<Sample> {
  const { server } = serverOf(ctx);
  const endpoint = await server.call<ServerEndpoint>({ op: 'tfjob-start' });
  const config = { server: endpoint.url, bearerToken: endpoint.token };
  const setup = new RESTClient({ ...config, qps: Infinity });
  const limiter = new CountingLimiter();
  const rest = new RESTClient(config, { rateLimiter: limiter });
  const stop = new AbortController();
  let running: Promise<void> | undefined;
  const factory = newInformerFactory({ client: rest });
  let errors = 0;
  try {
    const controller = newTFJobController({
      clientset: new Clientset(rest),
      factory,
      recorder: new FakeRecorder(),
      workers,
      onError: () => errors++, // conflicts with a lagging cache: retried with backoff
    });
    factory.start({ signal: stop.signal });
    await factory.waitForCacheSync(stop.signal);
    running = controller.run({ signal: stop.signal });
    const before = limiter.count;
    const submit = new Clientset(setup).kubeflowV1.tfJobs(namespace);
    const serverBefore = await server.usage();
    const cpuBefore = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: jobs }, (_, i) => submit.create(tfJob(`job-${String(i)}`))),
    );
    await server.call({ op: 'tfjob-wait', jobs });
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpuMs = (await server.usage()).cpuMs - serverBefore.cpuMs;
    const controllerCpuMs = (cpu.user + cpu.system) / 1000;
    return {
      wallMs,
      jobsPerSecond: jobs / (wallMs / 1000),
      requestsPerJob: (limiter.count - before) / jobs,
      errorsPerJob: errors / jobs,
      controllerCpuPerJob: controllerCpuMs / jobs,
      serverCpuPerJob: serverCpuMs / jobs,
      controllerOverServer: controllerCpuMs / serverCpuMs,
    };
  } finally {
    stop.abort();
    await running;
    await factory.shutdown();
    await Promise.all([rest.close(), setup.close()]);
    await server.call({ op: 'tfjob-stop' });
  }
}

/** Scenario 6 (see the file comment). */
export const tfjobController: Scenario = {
  name: 'tfjob',
  needsServer: true,
  async run(ctx) {
    for (const jobs of ctx.profile.tfjob.jobs) {
      ctx.log(`tfjob: ${String(jobs)} jobs of 1 PS + 3 workers`);
      const profile = profileFor(ctx.profile, jobs >= 1000);
      const measured = await interleaved(profile, ['kubekit'], () => burst(ctx, jobs));
      ctx.emit(
        rowsOf(
          scenarioName,
          `${jobs.toLocaleString('en-US')} TFJobs x 4 replicas, submitted at once`,
          measured,
          [
            {
              key: 'wallMs',
              metric: 'time until all pods, services and Running',
              unit: 'ms',
              lowerIsBetter: true,
            },
            {
              key: 'jobsPerSecond',
              metric: 'jobs Running per second',
              unit: 'jobs/s',
              lowerIsBetter: false,
            },
            {
              key: 'requestsPerJob',
              metric: 'controller API requests per job',
              unit: 'requests',
              lowerIsBetter: true,
            },
            {
              key: 'errorsPerJob',
              metric: 'reconcile errors per job (retried)',
              unit: 'errors',
              lowerIsBetter: true,
            },
            {
              key: 'controllerCpuPerJob',
              metric: 'controller CPU per job',
              unit: 'ms',
              lowerIsBetter: true,
            },
            {
              key: 'serverCpuPerJob',
              metric: 'API server CPU per job',
              unit: 'ms',
              lowerIsBetter: true,
            },
            {
              key: 'controllerOverServer',
              metric: 'controller CPU / server CPU',
              unit: 'ratio',
              lowerIsBetter: true,
            },
          ],
          {
            'client-node': 'no client-node TFJob controller exists',
            raw: 'no library-free controller to compare',
          },
        ),
      );
    }
  },
};
