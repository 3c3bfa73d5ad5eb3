/**
 * Scenario 6: the TFJob controller of examples/tfjob-controller under a burst. N TFJobs of one
 * PS and three workers are submitted at once to an in-process @kubekit/testing API server with
 * a LocalKubelet scripting every pod to Running; measured: the time from the first create until
 * every pod and service exists and every job has condition Running, and the API requests the
 * controller's client made per job. kubekit only: client-node has no controller to compare.
 */
import { join } from 'node:path';
import { createInformerFactory } from '@kubekit/clientset';
import { FakeRecorder } from '@kubekit/record/testing';
import { RESTClient, type RateLimiter } from '@kubekit/rest';
import { LocalKubelet, startApiServer, type ApiServer } from '@kubekit/testing';
import {
  Clientset,
  installCrd,
  newTFJobController,
  readCrd,
  type TFJob,
} from '@kubekit/example-tfjob-controller';
import type { Scenario } from '../context';
import { interleaved, rowsOf, type Sample } from '../harness';

const scenarioName = '6. TFJob controller';
const namespace = 'default';
const crdPath = join(import.meta.dirname, '../../../examples/tfjob-controller/deploy/crd.yaml');
/** Concurrent reconciles, as `--controller-threads` would set them. */
const workers = 4;
const pollMs = 50;

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

const isRunning = (job: TFJob) =>
  !!job.status?.conditions?.some((c) => c.type === 'Running' && c.status === 'True');

/** Resolves once the server holds 4 pods and 4 services per job and every job is Running. */
async function allRunning(server: ApiServer, jobs: number): Promise<void> {
  for (;;) {
    const done =
      server.storage.list({ resource: 'pods' }, namespace).length === jobs * 4 &&
      server.storage.list({ resource: 'services' }, namespace).length === jobs * 4 &&
      server.storage
        .list<TFJob>({ group: 'kubeflow.org', resource: 'tfjobs' }, namespace)
        .filter(isRunning).length === jobs;
    if (done) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** One burst on a fresh server: wall time to all Running, controller requests per job. */
async function burst(jobs: number): Promise<Sample> {
  const server = await startApiServer({ http: true });
  const setup = new RESTClient({ server: server.url, bearerToken: server.token, qps: Infinity });
  const limiter = new CountingLimiter();
  const rest = new RESTClient(
    { server: server.url, bearerToken: server.token },
    { rateLimiter: limiter },
  );
  const stop = new AbortController();
  let kubelet: LocalKubelet | undefined;
  let running: Promise<void> | undefined;
  const factory = createInformerFactory({ client: rest });
  let errors = 0;
  try {
    await installCrd(new Clientset(setup), readCrd(crdPath));
    kubelet = await LocalKubelet.start({ server, script: () => ({ phase: 'Running' }) });
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
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: jobs }, (_, i) => submit.create(tfJob(`job-${String(i)}`))),
    );
    await allRunning(server, jobs);
    const wallMs = performance.now() - t0;
    return {
      wallMs,
      jobsPerSecond: jobs / (wallMs / 1000),
      requestsPerJob: (limiter.count - before) / jobs,
      errorsPerJob: errors / jobs,
    };
  } finally {
    stop.abort();
    await running;
    await factory.shutdown();
    await kubelet?.stop();
    await Promise.all([rest.close(), setup.close()]);
    await server.stop();
  }
}

/** Scenario 6 (see the file comment). */
export const tfjobController: Scenario = {
  name: 'tfjob',
  needsServer: false,
  async run(ctx) {
    const { jobs } = ctx.profile.tfjob;
    ctx.log(`tfjob: ${String(jobs)} jobs of 1 PS + 3 workers`);
    const measured = await interleaved(ctx.profile, ['kubekit'], () => burst(jobs));
    return rowsOf(
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
      ],
      {
        'client-node': 'no client-node TFJob controller exists',
        raw: 'no library-free controller to compare',
      },
    );
  },
};
