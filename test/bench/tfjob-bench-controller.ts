/**
 * The example's TFJob controller as the TFJob scenarios run it in the measuring process:
 * `newTFJobController` as its tests build it, 4 workers (`--controller-threads 4`), events to a
 * FakeRecorder (not counted), informers synced before it starts, and every API request counted.
 */
import { newInformerFactory } from '@kubekit/clientset';
import { FakeRecorder } from '@kubekit/record/testing';
import { RESTClient, type RateLimiter, type RestConfig } from '@kubekit/rest';
import { Clientset, newTFJobController } from '@kubekit/example-tfjob-controller';
import type { Sample } from './harness';

/** Concurrent reconciles, as `--controller-threads` would set them. */
const workers = 4;

/**
 * A rate limiter that admits everything and counts: RESTClient asks it once per attempt of
 * every request (watches included), and it disables client-side limiting as in the other
 * scenarios.
 */
class CountingLimiter implements RateLimiter {
  count = 0;
  wait(): Promise<void> {
    this.count++;
    return Promise.resolve();
  }
}

/** A running controller of a TFJob scenario. */
export interface BenchController {
  /** API requests its client has made so far. */
  requests(): number;
  /** Reconcile errors so far (conflicts with a lagging cache: retried with backoff). */
  errors(): number;
  /** Stops the controller and its informers and closes its client. */
  stop(): Promise<void>;
}

/** Starts the controller against `config` and resolves once its informers have synced. */
export async function startBenchController(config: RestConfig): Promise<BenchController> {
  const limiter = new CountingLimiter();
  const rest = new RESTClient(config, { rateLimiter: limiter });
  const stop = new AbortController();
  const factory = newInformerFactory({ client: rest });
  let errors = 0;
  let running: Promise<void> | undefined;
  const shutdown = async () => {
    stop.abort();
    await running;
    await factory.shutdown();
    await rest.close();
  };
  try {
    const controller = newTFJobController({
      clientset: new Clientset(rest),
      factory,
      recorder: new FakeRecorder(),
      workers,
      onError: () => errors++,
    });
    factory.start({ signal: stop.signal });
    await factory.waitForCacheSync(stop.signal);
    running = controller.run({ signal: stop.signal });
  } catch (err) {
    await shutdown();
    throw err;
  }
  return { requests: () => limiter.count, errors: () => errors, stop: shutdown };
}

/**
 * Runs `burst` (submits `jobs` jobs and resolves once they are done) and measures the
 * controller over it: wall time, jobs per second, requests, reconcile errors and this process's
 * CPU per job (`controllerCpuMs` in total, for ratios against a server's CPU).
 */
export async function measureBurst<T>(
  controller: BenchController,
  jobs: number,
  burst: () => Promise<T>,
): Promise<{ sample: Sample; controllerCpuMs: number; result: T }> {
  const requestsBefore = controller.requests();
  const errorsBefore = controller.errors();
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  const result = await burst();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpuBefore);
  const controllerCpuMs = (cpu.user + cpu.system) / 1000;
  return {
    sample: {
      wallMs,
      jobsPerSecond: jobs / (wallMs / 1000),
      requestsPerJob: (controller.requests() - requestsBefore) / jobs,
      errorsPerJob: (controller.errors() - errorsBefore) / jobs,
      controllerCpuPerJob: controllerCpuMs / jobs,
    },
    controllerCpuMs,
    result,
  };
}
