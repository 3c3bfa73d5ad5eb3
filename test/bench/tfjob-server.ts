/**
 * The server side of scenario 6, in the server process: a fresh plain-HTTP API server with a
 * LocalKubelet scripting every pod to Running, the burst's jobs created straight into its
 * storage (so no client's cost lands in the controller's process), and a completion check that
 * follows the stored TFJobs' changes (a copy of each changed job) and counts pods and services
 * without copying any.
 */
import { Clientset } from '@kubekit/clientset';
import { RESTClient } from '@kubekit/rest';
import { startApiServer, type ApiServer } from '@kubekit/testing';
import { LocalKubelet } from '@kubekit/testing/kubelet';
import { installCrd, readCrd } from '@kubekit/example-tfjob-controller';
import { benchTFJob, replicasPerJob, tfjobCrdPath, tfjobNamespace } from './tfjob-bench-job';

const tfJobs = { group: 'kubeflow.org', resource: 'tfjobs' };

interface TFJobLike {
  metadata?: { name?: string };
  status?: { conditions?: Array<{ type: string; status: string }> };
}

const isRunning = (job: TFJobLike) =>
  !!job.status?.conditions?.some((c) => c.type === 'Running' && c.status === 'True');

/** One burst's server: start it, wait for the burst to be done, stop it. */
export class TFJobServer {
  readonly #running = new Set<string>();
  #waiter: (() => void) | undefined;
  readonly #stopFollowing: () => void;

  private constructor(
    readonly server: ApiServer,
    private readonly kubelet: LocalKubelet,
  ) {
    this.#stopFollowing = server.storage.onChange<TFJobLike>(
      tfJobs,
      (type, job) => {
        const name = job.metadata?.name ?? '';
        if (type !== 'DELETED' && isRunning(job)) this.#running.add(name);
        else this.#running.delete(name);
        this.#waiter?.();
      },
      tfjobNamespace,
    );
  }

  /** Starts the server and installs the TFJob CRD. */
  static async start(): Promise<TFJobServer> {
    const server = await startApiServer({ http: true, onError: () => undefined });
    const setup = new RESTClient({ server: server.url, bearerToken: server.token, qps: Infinity });
    try {
      await installCrd(new Clientset(setup), readCrd(tfjobCrdPath));
    } finally {
      await setup.close();
    }
    const kubelet = await LocalKubelet.start({ server, script: () => ({ phase: 'Running' }) });
    return new TFJobServer(server, kubelet);
  }

  /**
   * Creates `jobs` TFJobs (`job-0`...) at once, straight into storage, and resolves once the
   * server holds 4 pods and 4 services per job and every job is Running.
   */
  submitAndWait(jobs: number): Promise<void> {
    for (let i = 0; i < jobs; i++) this.server.storage.create(tfJobs, benchTFJob(`job-${i}`));
    return new Promise<void>((resolve) => {
      const check = () => {
        if (!this.#complete(jobs)) return;
        clearInterval(timer);
        this.#waiter = undefined;
        resolve();
      };
      // Pods and services are counted (no copy) on every job change and every 50 ms.
      const timer = setInterval(check, 50);
      this.#waiter = check;
      check();
    });
  }

  #complete(jobs: number): boolean {
    const { storage } = this.server;
    return (
      this.#running.size === jobs &&
      storage.count({ resource: 'pods' }, tfjobNamespace) === jobs * replicasPerJob &&
      storage.count({ resource: 'services' }, tfjobNamespace) === jobs * replicasPerJob
    );
  }

  async stop(): Promise<void> {
    this.#stopFollowing();
    await this.kubelet.stop();
    await this.server.stop();
  }
}
