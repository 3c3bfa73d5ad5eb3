import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiTarget } from './api-request';
import { binariesIn, buildBinaries, type Binaries } from './build';
import { kubeApiServerArgs } from './kube-apiserver-args';
import { buildKubeConfig, kubeConfigToYaml, type KubeConfigObject } from './kubeconfig';
import { startProcess, whileRunning, type ManagedProcess } from './managed-process';
import { findModuleDir } from './module-dir';
import {
  DEFAULT_CONTROLLERS,
  startControlPlane,
  type ControlPlaneComponent,
} from './control-plane';
import { installGangScheduling } from './gang-scheduling';
import { freePort, pollUntilOk } from './probe';
import { RealApiServerError } from './real-apiserver-error';
import { writePki } from './pki';
import { applyTfjobControllerRbac } from './tfjob-controller-rbac';

export { RealApiServerError, type RealApiServerErrorReason } from './real-apiserver-error';
export { TFJOB_CONTROLLER_RULES, TFJOB_CONTROLLER_ROLE } from './tfjob-controller-rbac';
export { buildBinaries, binariesIn, type Binaries, type BuildOptions } from './build';
export { findModuleDir } from './module-dir';
export {
  CONTROL_PLANE,
  DEFAULT_CONTROLLERS,
  NODE_LIFECYCLE_CONTROLLERS,
  type ControlPlaneComponent,
} from './control-plane';
export {
  GANG_SCHEDULER_NAME,
  GANG_SCHEDULER_ROLE,
  GANG_SCHEDULER_RULES,
  SCHEDULER_PLUGINS_MODULE,
} from './gang-scheduling';
export type { KubeConfigObject } from './kubeconfig';

/** Options of {@link startRealApiServer}. */
export interface RealApiServerOptions {
  /** Run the (incremental) `go build` first; default true. False uses `.out/` as it is. */
  readonly build?: boolean;
  /** The Go module directory; default: found from the working directory. */
  readonly moduleDir?: string;
  /** Progress messages (build output, steps); default: none. */
  readonly log?: (message: string) => void;
  /** How long etcd and kube-apiserver may take to become ready; default 180 s. */
  readonly readyTimeoutMs?: number;
  /** Extra kube-apiserver flags, appended last (they override the defaults). */
  readonly extraApiServerArgs?: readonly string[];
  /**
   * Control-plane components to run too (see README.md): `CONTROL_PLANE` for both
   * kube-scheduler and kube-controller-manager; default none (kube-apiserver and etcd only).
   */
  readonly components?: readonly ControlPlaneComponent[];
  /** kube-controller-manager's `--controllers`; default DEFAULT_CONTROLLERS. */
  readonly controllers?: readonly string[];
  /**
   * Extra flags of kube-scheduler or kube-controller-manager, appended last (they override the
   * defaults), e.g. `{ 'kube-controller-manager': ['--node-monitor-grace-period=20s'] }`.
   */
  readonly componentArgs?: Partial<Record<ControlPlaneComponent, readonly string[]>>;
  /**
   * Gang scheduling (see README.md): installs scheduler-plugins' PodGroup CRD, lets
   * `system:kube-scheduler` read PodGroups (GANG_SCHEDULER_RULES) and runs kube-scheduler
   * (added to `components` if missing) with a second profile, GANG_SCHEDULER_NAME, that runs
   * the Coscheduling plugin; default false (the scheduler runs with no configuration file).
   */
  readonly gangScheduling?: boolean;
}

/**
 * A running kube-apiserver + etcd. Same shape as @kubekit/testing's `startApiServer()`
 * result, plus what only a real server has (the restricted user, process ids, logs).
 */
export interface RealApiServer {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  /** Admin kubeconfig (contexts `kubekit-admin`, current, and `tfjob-controller`). */
  readonly kubeConfig: KubeConfigObject;
  readonly kubeconfigYaml: string;
  /** Bearer token of `kubekit-admin` (group system:masters). */
  readonly token: string;
  /** Bearer token of `tfjob-controller`, which RBAC limits to TFJOB_CONTROLLER_RULES. */
  readonly tfjobControllerToken: string;
  /** PEM of the CA that signed the serving certificate. */
  readonly caPem: string;
  /** Temporary directory with the PKI, etcd data and both logs (removed by stop()). */
  readonly workDir: string;
  /**
   * Process ids; `kubeApiServer` changes with {@link RealApiServer.restartApiServer}. The
   * scheduler and controller manager run only when {@link RealApiServerOptions.components} name them.
   */
  readonly pids: {
    readonly kubeApiServer: number;
    readonly etcd: number;
    readonly kubeScheduler?: number;
    readonly kubeControllerManager?: number;
  };
  /** etcd's client URL (plain HTTP on loopback; its v3 JSON gateway answers under `/v3/`). */
  readonly etcdUrl: string;
  /**
   * Stops kube-apiserver (SIGTERM, as a rolling upgrade does) and starts a new one with the same
   * flags on the same port and the same etcd, resolving once it is ready again. Open watches end
   * and connections are refused meanwhile; everything stored survives (it lives in etcd), the
   * watch caches start afresh. `whileDown` runs between the stop and the start (e.g. to change
   * objects in etcd directly, see {@link RealApiServer.etcdUrl}). Resolves with how long the stop
   * and the start (to /readyz) took, in ms.
   *
   * @throws RealApiServerError `process-exited` or `not-ready` when the new process fails.
   */
  restartApiServer(options?: {
    whileDown?: () => Promise<void>;
    /**
     * SIGKILL after this long (ms) if SIGTERM has not stopped it; default 15 s. kube-apiserver
     * keeps draining while clients hold watches open, which takes longer than that.
     */
    graceMs?: number;
  }): Promise<{ stoppedMs: number; readyMs: number }>;
  /** Stops the scheduler and controller manager, kube-apiserver, then etcd, and removes workDir. Idempotent. */
  stop(): Promise<void>;
}

const ADDRESS_IN_USE = /address already in use/i;

async function startEtcd(bins: Binaries, workDir: string, timeoutMs: number) {
  const clientPort = await freePort();
  let onUrl: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (onUrl = resolve));
  const etcd = startProcess({
    name: 'etcd',
    command: bins.etcd,
    // A fixed port rather than 0: etcd's JSON gateway (/v3/kv/...) dials the configured address.
    args: ['--data-dir', join(workDir, 'etcd-data'), '--listen-client', `127.0.0.1:${clientPort}`],
    logFile: join(workDir, 'etcd.log'),
    onStdoutLine: (line) => {
      if (!line.startsWith('{')) return;
      const parsed = JSON.parse(line) as { clientURL?: string };
      if (parsed.clientURL) onUrl(parsed.clientURL);
    },
  });
  return { etcd, etcdUrl: await whileRunning(etcd, url, timeoutMs) };
}

/**
 * Builds (incrementally) and starts a real kube-apiserver backed by a single-member etcd,
 * both on 127.0.0.1, waits for /readyz and binds the `tfjob-controller` user by RBAC.
 *
 * Guarantees: on success both processes run until stop(); on failure nothing is left
 * running. They also stop by themselves when this Node process exits, however it exits.
 * With `components`, kube-scheduler and/or kube-controller-manager run too (their processes
 * stop first); with `gangScheduling` the PodGroup CRD and the scheduler's RBAC are installed
 * before kube-scheduler starts with its Coscheduling profile. Caveats: there is no kubelet (LocalKubelet of @kubekit/testing/kubelet plays one);
 * without a scheduler pods stay Pending, without the controller manager namespaces stay
 * Terminating and nothing is garbage-collected.
 *
 * @throws RealApiServerError `build-failed`, `process-exited`, `not-ready` or `request-failed`.
 */
export async function startRealApiServer(
  options: RealApiServerOptions = {},
): Promise<RealApiServer> {
  const log = options.log ?? (() => {});
  const timeoutMs = options.readyTimeoutMs ?? 180_000;
  const moduleDir = options.moduleDir ?? findModuleDir();
  const bins =
    options.build === false ? binariesIn(moduleDir) : await buildBinaries({ moduleDir, log });

  const workDir = await mkdtemp(join(tmpdir(), 'kubekit-real-apiserver-'));
  const started: ManagedProcess[] = [];
  const stopAll = async () => {
    for (const proc of started.reverse()) await proc.stop();
    started.length = 0;
  };
  try {
    const pki = await writePki(workDir);
    log(`starting etcd (work dir ${workDir})\n`);
    const { etcd, etcdUrl } = await startEtcd(bins, workDir, timeoutMs);
    started.push(etcd);

    /** Starts kube-apiserver on `port` and waits for /readyz (the process is in `started`). */
    const launch = async (port: number): Promise<ManagedProcess> => {
      const url = `https://127.0.0.1:${port}`;
      log(`starting kube-apiserver on ${url}\n`);
      const apiServer = startProcess({
        name: 'kube-apiserver',
        command: bins.kubeApiServer,
        args: kubeApiServerArgs({
          etcdUrl,
          port,
          pki,
          workDir,
          extraArgs: options.extraApiServerArgs,
        }),
        logFile: join(workDir, 'kube-apiserver.log'),
      });
      started.push(apiServer);
      const admin: ApiTarget = { url, caPem: pki.caPem, token: pki.admin.token };
      const polling = new AbortController();
      try {
        await whileRunning(apiServer, pollUntilOk(admin, '/readyz', polling.signal), timeoutMs);
      } catch (err) {
        started.splice(started.indexOf(apiServer), 1);
        await apiServer.stop();
        throw err;
      } finally {
        polling.abort();
      }
      return apiServer;
    };

    let port = 0;
    let apiServer: ManagedProcess | undefined;
    for (let attempt = 1; !apiServer; attempt++) {
      port = await freePort();
      try {
        apiServer = await launch(port);
      } catch (err) {
        // Another process may have taken the port between freePort() and the bind: retry.
        if (attempt < 3 && RealApiServerError.isInstance(err) && ADDRESS_IN_USE.test(err.message))
          continue;
        throw err;
      }
    }
    const url = `https://127.0.0.1:${port}`;
    const admin: ApiTarget = { url, caPem: pki.caPem, token: pki.admin.token };
    await applyTfjobControllerRbac(admin, pki.tfjobController.user);
    const gangScheduling = options.gangScheduling ?? false;
    if (gangScheduling) await installGangScheduling(admin, moduleDir, timeoutMs);
    const wanted = options.components ?? [];
    const components = await startControlPlane({
      bins,
      pki,
      url,
      workDir,
      components:
        gangScheduling && !wanted.includes('kube-scheduler')
          ? ['kube-scheduler', ...wanted]
          : wanted,
      gangScheduling,
      controllers: options.controllers ?? DEFAULT_CONTROLLERS,
      componentArgs: options.componentArgs,
      timeoutMs,
      log,
      track: (proc) => started.push(proc),
    });
    const scheduler = components.get('kube-scheduler');
    const controllerManager = components.get('kube-controller-manager');

    const kubeConfig = buildKubeConfig({
      url,
      caPem: pki.caPem,
      users: [
        { name: pki.admin.user, token: pki.admin.token },
        { name: pki.tfjobController.user, token: pki.tfjobController.token },
      ],
    });
    const pids = {
      kubeApiServer: apiServer.pid,
      etcd: etcd.pid,
      ...(scheduler && { kubeScheduler: scheduler.pid }),
      ...(controllerManager && { kubeControllerManager: controllerManager.pid }),
    };
    let stopping: Promise<void> | undefined;
    return {
      url,
      kubeConfig,
      kubeconfigYaml: kubeConfigToYaml(kubeConfig),
      token: pki.admin.token,
      tfjobControllerToken: pki.tfjobController.token,
      caPem: pki.caPem,
      workDir,
      etcdUrl,
      pids,
      async restartApiServer(restartOptions = {}) {
        const begin = performance.now();
        const old = apiServer!;
        await old.stop(restartOptions.graceMs);
        // Its place in the stop order: after the scheduler and controller manager, before etcd.
        const place = started.indexOf(old);
        started.splice(place, 1);
        const stoppedMs = performance.now() - begin;
        await restartOptions.whileDown?.();
        const relaunch = performance.now();
        apiServer = await launch(port);
        started.splice(started.indexOf(apiServer), 1);
        started.splice(place, 0, apiServer);
        pids.kubeApiServer = apiServer.pid;
        return { stoppedMs, readyMs: performance.now() - relaunch };
      },
      stop: () =>
        (stopping ??= (async () => {
          await stopAll();
          await rm(workDir, { recursive: true, force: true });
        })()),
    };
  } catch (err) {
    await stopAll();
    // workDir is kept: the error message points at its logs.
    throw err;
  }
}
