import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { constants } from 'node:os';
import { join } from 'node:path';
import { setLongTimeout } from '../internal/long-timer';
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
  /** Delay before a restart (doubles per restart, capped at 10 s). */
  restartBackoffMs: number;
  now: () => string;
  onChange: () => void;
}

/**
 * One container run as a local process, restarted as the pod's restartPolicy says (Always;
 * OnFailure on a non-zero exit; Never). The exit code (128 + signal number when killed by a
 * signal) becomes `state.terminated.exitCode`; each restart bumps `restartCount` and moves the
 * last run to `lastState`. Output of the current and previous run is kept for `pods/log`.
 * The image is ignored: `command` + `args` run on this host, with the container's env (service
 * addresses made local, see ServiceAddresses) on top of this process's.
 */
export class ContainerProcess {
  readonly record: ContainerRecord;
  #child: ChildProcess | undefined;
  #stopped = false;
  #restartTimer: NodeJS.Timeout | undefined;
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
  }

  /** True while the container runs or waits for its restart. */
  get active(): boolean {
    return !!this.#child || !!this.#restartTimer;
  }

  /** Starts the first run. */
  async start(): Promise<void> {
    await this.#run();
  }

  async #run(): Promise<void> {
    const { pod, container } = this.options;
    const argv = [...(container.command ?? []), ...(container.args ?? [])];
    const startedAt = this.options.now();
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
    if (this.#stopped) return;
    const cwd = container.workingDir ? join(workDir, container.workingDir) : workDir;
    await mkdir(cwd, { recursive: true });
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
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
    this.record.state = {
      terminated: {
        exitCode,
        reason,
        startedAt,
        finishedAt: this.options.now(),
        ...(message ? { message } : {}),
      },
    };
    const policy = this.options.pod.spec.restartPolicy ?? 'Always';
    const restart =
      !this.#stopped && (policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0));
    if (restart) {
      const delay = Math.min(10_000, this.options.restartBackoffMs * 2 ** this.record.restartCount);
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = undefined;
        if (this.#stopped) return;
        this.record.lastState = this.record.state;
        this.record.restartCount++;
        this.previousLogs = this.logs;
        this.logs = '';
        void this.#run();
      }, delay);
    }
    this.options.onChange();
  }

  /** Stops the container: SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  async stop(graceMs: number): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    const child = this.#child;
    if (!child) return;
    child.kill('SIGTERM');
    // a pod's grace period may be years: beyond Node's timer range
    const timer = setLongTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.#exited;
    timer.clear();
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
