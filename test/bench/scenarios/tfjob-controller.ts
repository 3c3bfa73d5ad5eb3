/**
 * Scenario 6: the TFJob controller of examples/tfjob-controller under a burst. N TFJobs of one
 * PS and three workers are submitted at once to a fresh @kubekit/testing API server in the
 * server process, whose LocalKubelet scripts every pod to Running; measured: the time from the
 * first create until every pod and service exists and every job has condition Running, the API
 * requests the controller's client made per job, and the CPU time per job of the controller
 * (this process: informers, reconciles, its requests) and of the server process (which also
 * creates the jobs, straight into its storage). kubekit only: client-node has no controller to
 * compare.
 */
import { serverOf, type BenchContext, type Scenario } from '../context';
import { interleaved, profileFor, rowsOf, type Sample } from '../harness';
import type { ServerEndpoint } from '../server-protocol';
import { measureBurst, startBenchController } from '../tfjob-bench-controller';

const scenarioName = '6. TFJob controller';

/** One burst on a fresh server: wall time to all Running, requests and CPU per job. */
async function burst(ctx: BenchContext, jobs: number): Promise<Sample> {
  const { server } = serverOf(ctx);
  const endpoint = await server.call<ServerEndpoint>({ op: 'tfjob-start' });
  try {
    const controller = await startBenchController({
      server: endpoint.url,
      bearerToken: endpoint.token,
    });
    try {
      const serverBefore = await server.usage();
      // the server process submits the jobs (straight into its storage) and waits for them
      const { sample, controllerCpuMs } = await measureBurst(controller, jobs, () =>
        server.call({ op: 'tfjob-wait', jobs }),
      );
      const serverCpuMs = (await server.usage()).cpuMs - serverBefore.cpuMs;
      return {
        ...sample,
        serverCpuPerJob: serverCpuMs / jobs,
        controllerOverServer: controllerCpuMs / serverCpuMs,
      };
    } finally {
      await controller.stop();
    }
  } finally {
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
