import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { constants } from 'node:os';
import { join } from 'node:path';
import { formatGoDuration, type Clock, type TimerHandle } from '@kubekit/apimachinery';
import { formatTime } from '../storage/object-util';
import { CrashLoopBackOff, type RestartBackOffOptions } from './crash-loop-back-off';
import type { ContainerRecord, KubeletContainer, KubeletPod } from './kubelet-pod';
import type { ServiceAddresses } from './service-addresses';
import { linkMounts } from './volumes';

/** Bytes of output kept per container run (older output is dropped). */
const MaxLogBytes = 1 << 20;

/** What a {@link ContainerProcess} reports as the container changes state. */
export interface ContainerProcessOptions {
  pod: KubeletPod;
  container: KubeletContainer;
  /** The pod's directory (the container works in `{podDir}/containers/{name}`). */
  podDir: string;
  volumeDirs: Map<string, string>;
  addresses: ServiceAddresses;
  /** The restart back-off (see CrashLoopBackOff). */
  restartBackOff: RestartBackOffOptions;
  /** Times the back-off and the kill after the grace period, and stamps the states. */
  clock: Clock;
  onChange: () => void;
}

/**
 * One container run as a local process, restarted as the pod's restartPolicy says (Always;
 * OnFailure on a non-zero exit; Never). The exit code (128 + signal number when killed by a
 * signal) becomes `state.terminated.exitCode`. A container that will restart moves that run to
 * `lastState`; it restarts at once the first time, later after the kubelet's back-off
 * (CrashLoopBackOff), waiting meanwhile with reason `CrashLoopBackOff` and kubelet's
 * `back-off 10s restarting failed container=c pod=p_ns(uid)` message; each restart bumps
 * `restartCount`. Output of the current and previous run is kept for `pods/log`.
 * The image is ignored: `command` + `args` run on this host, with the container's env (service
 * addresses made local, see ServiceAddresses) on top of this process's.
 */
export class ContainerProcess {
  readonly record: ContainerRecord;
  #child: ChildProcess | undefined;
  #stopped = false;
  /** Set from an exit that will restart until the next run spawns (or stop()). */
  #restartPending = false;
  #restartTimer: TimerHandle | undefined;
  readonly #backOff: CrashLoopBackOff;
  logs = '';
  previousLogs = '';
  #exited: Promise<void> = Promise.resolve();

  constructor(private readonly options: ContainerProcessOptions) {
    const c = options.container;
    this.record = {
      name: c.name,
      image: c.image ?? '',
      state: { waiting: { reason: 'ContainerCreating' } },
      restartCount: 0,
    };
    this.#backOff = new CrashLoopBackOff(options.restartBackOff, options.clock);
  }

  /** True while the container runs or waits for its restart. */
  get active(): boolean {
    return !!this.#child || this.#restartPending;
  }

  /** Starts the first run. */
  async start(): Promise<void> {
    await this.#run();
  }

  async #run(): Promise<void> {
    const { pod, container } = this.options;
    const argv = [...(container.command ?? []), ...(container.args ?? [])];
    const startedAt = this.#now();
    if (argv.length === 0) {
      this.#finish(
        127,
        'ContainerCannotRun',
        startedAt,
        'no command: LocalKubelet cannot run images',
      );
      return;
    }
    const workDir = join(this.options.podDir, 'containers', container.name);
    await mkdir(workDir, { recursive: true });
    const mountEnv = await linkMounts(
      workDir,
      container.volumeMounts ?? [],
      this.options.volumeDirs,
    );
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...mountEnv };
    env.KUBEKIT_POD_NAME = pod.metadata.name;
    env.KUBEKIT_POD_NAMESPACE = pod.metadata.namespace;
    for (const e of container.env ?? []) {
      const raw = e.value ?? fieldValue(pod, e.valueFrom?.fieldRef?.fieldPath);
      env[e.name] = await this.options.addresses.rewrite(raw ?? '');
    }
    const cwd = container.workingDir ? join(workDir, container.workingDir) : workDir;
    await mkdir(cwd, { recursive: true });
    if (this.#stopped) return; // stop() came during an await: spawn nothing
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    this.#restartPending = false;
    this.record.state = { running: { startedAt } };
    this.options.onChange();
    const append = (chunk: Buffer): void => {
      this.logs = (this.logs + chunk.toString()).slice(-MaxLogBytes);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    this.#exited = new Promise((resolve) => {
      child.once('error', (err) => {
        append(Buffer.from(`${err.message}\n`));
      });
      child.once('close', (code, signal) => {
        this.#child = undefined;
        const exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 9) : 9);
        this.#finish(exitCode, exitCode === 0 ? 'Completed' : 'Error', startedAt);
        resolve();
      });
    });
  }

  #finish(exitCode: number, reason: string, startedAt: string, message?: string): void {
    const finishedAt = this.options.clock.now();
    const terminated = {
      terminated: {
        exitCode,
        reason,
        startedAt,
        finishedAt: formatTime(new Date(finishedAt)),
        ...(message ? { message } : {}),
      },
    };
    const policy = this.options.pod.spec.restartPolicy ?? 'Always';
    const restart =
      !this.#stopped && (policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0));
    if (!restart) {
      this.record.state = terminated;
      this.options.onChange();
      return;
    }
    this.#restartPending = true;
    this.record.lastState = terminated;
    this.previousLogs = this.logs;
    this.logs = '';
    const delay = this.#backOff.delayAfter(finishedAt);
    if (delay === 0) {
      this.#restart();
      return;
    }
    const { pod, container } = this.options;
    const { name, namespace, uid } = pod.metadata;
    this.record.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message:
          `back-off ${formatGoDuration(this.#backOff.currentMs)} restarting failed ` +
          `container=${container.name} pod=${name}_${namespace}(${uid})`,
      },
    };
    this.#restartTimer = this.options.clock.setTimeout(() => {
      this.#restartTimer = undefined;
      this.#restart();
    }, delay);
    this.options.onChange();
  }

  #restart(): void {
    if (this.#stopped) return;
    this.#backOff.restarted();
    this.record.restartCount++;
    void this.#run();
  }

  #now(): string {
    return formatTime(new Date(this.options.clock.now()));
  }

  /**
   * Stops the container: SIGTERM, then SIGKILL once `graceMs` passed on the clock (at once for
   * 0); resolves once it exited.
   */
  async stop(graceMs: number): Promise<void> {
    this.#stopped = true;
    this.#restartPending = false;
    const { clock } = this.options;
    if (this.#restartTimer) clock.clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    const child = this.#child;
    if (!child) return;
    if (graceMs <= 0) {
      child.kill('SIGKILL');
      await this.#exited;
      return;
    }
    child.kill('SIGTERM');
    const timer = clock.setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clock.clearTimeout(timer);
  }
}

/** The value of a downward-API field reference. */
function fieldValue(pod: KubeletPod, path: string | undefined): string | undefined {
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace;
    case 'metadata.uid':
      return pod.metadata.uid;
    case 'spec.nodeName':
      return pod.spec.nodeName;
    case 'status.podIP':
    case 'status.hostIP':
      return '127.0.0.1';
    default:
      return undefined;
  }
}
