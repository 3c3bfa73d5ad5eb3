import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Binaries } from './build';
import { gangSchedulerConfig } from './gang-scheduling';
import { buildKubeConfig, kubeConfigToYaml } from './kubeconfig';
import { startProcess, whileRunning, type ManagedProcess } from './managed-process';
import { signCertificate, type Pki } from './pki';
import { freePort, pollUntilOk } from './probe';

/** The components a full control plane runs beside kube-apiserver and etcd. */
export type ControlPlaneComponent = 'kube-scheduler' | 'kube-controller-manager';

/** Both components, in the order they start and report: a full control plane. */
export const CONTROL_PLANE: readonly ControlPlaneComponent[] = [
  'kube-scheduler',
  'kube-controller-manager',
];

/**
 * kube-controller-manager's `--controllers` by default: garbage collection by owner references
 * and namespace deletion. Node lifecycle is left out (see {@link NODE_LIFECYCLE_CONTROLLERS}):
 * on the shared real tier nothing schedules, and a kubelet stalled past the grace period under
 * load would have its pods evicted.
 */
export const DEFAULT_CONTROLLERS: readonly string[] = ['garbagecollector', 'namespace'];

/**
 * What losing a node takes on a real control plane, in `--controllers` names: the node lifecycle
 * controller (marks a node whose Lease and status stop `Unknown` and taints it `unreachable`),
 * the taint eviction controller (deletes the pods of a `NoExecute`-tainted node once their
 * toleration runs out) and the pod garbage collector (force-deletes the terminating pods of a
 * node tainted `node.kubernetes.io/out-of-service`, the non-graceful node shutdown procedure).
 * Run them only where every Node has a live kubelet (LocalKubelet renews its Lease every 10 s).
 */
export const NODE_LIFECYCLE_CONTROLLERS: readonly string[] = [
  'node-lifecycle-controller',
  'taint-eviction-controller',
  'pod-garbage-collector-controller',
];

/** Inputs of {@link startControlPlane}. */
export interface ControlPlaneOptions {
  readonly bins: Binaries;
  readonly pki: Pki;
  /** kube-apiserver's URL. */
  readonly url: string;
  /** Kubeconfigs, certificates and logs of the components go here. */
  readonly workDir: string;
  /** Which components to start. */
  readonly components: readonly ControlPlaneComponent[];
  /** kube-controller-manager's `--controllers`. */
  readonly controllers: readonly string[];
  /** Extra flags per component, appended last (they override the defaults). */
  readonly componentArgs?: Partial<Record<ControlPlaneComponent, readonly string[]>>;
  /**
   * Run kube-scheduler with {@link gangSchedulerConfig} (its Coscheduling profile); the
   * PodGroup CRD and the scheduler's RBAC must be installed first (installGangScheduling).
   */
  readonly gangScheduling?: boolean;
  readonly timeoutMs: number;
  readonly log: (message: string) => void;
  /** Gets each process as soon as it is spawned (so a failed start can stop it). */
  readonly track: (proc: ManagedProcess) => void;
}

interface ComponentSpec {
  readonly name: ControlPlaneComponent;
  readonly binary: string;
  /** The user its client certificate names; kube-apiserver's RBAC bootstrap binds its role. */
  readonly user: string;
  readonly args: readonly string[];
}

/**
 * Starts kube-scheduler and/or kube-controller-manager against kube-apiserver, each with its own
 * client certificate (the upstream identities `system:kube-scheduler` and
 * `system:kube-controller-manager`, whose roles kube-apiserver bootstraps) and its own serving
 * certificate, and waits until each answers /healthz. Leader election is off: each is alone.
 * The controller manager runs every controller under its own service account
 * (`--use-service-account-credentials`), as kubeadm clusters do. With `gangScheduling` the
 * scheduler reads a KubeSchedulerConfiguration written to the work directory.
 *
 * @throws RealApiServerError `process-exited` or `not-ready`.
 */
export async function startControlPlane(
  options: ControlPlaneOptions,
): Promise<Map<ControlPlaneComponent, ManagedProcess>> {
  const { pki, workDir } = options;
  const schedulerArgs: string[] = [];
  if (options.gangScheduling && options.components.includes('kube-scheduler')) {
    const config = componentFile(workDir, 'kube-scheduler', '-config.yaml');
    const kubeconfig = componentFile(workDir, 'kube-scheduler', '.kubeconfig');
    await writeFile(config, gangSchedulerConfig(kubeconfig));
    schedulerArgs.push(`--config=${config}`);
  }
  const specs: ComponentSpec[] = [
    {
      name: 'kube-scheduler',
      binary: options.bins.kubeScheduler,
      user: 'system:kube-scheduler',
      args: schedulerArgs,
    },
    {
      name: 'kube-controller-manager',
      binary: options.bins.kubeControllerManager,
      user: 'system:kube-controller-manager',
      args: [
        '--use-service-account-credentials=true',
        `--service-account-private-key-file=${pki.serviceAccountKeyFile}`,
        `--root-ca-file=${pki.caCertFile}`,
        `--controllers=${options.controllers.join(',')}`,
      ],
    },
  ];
  const wanted = specs.filter((spec) => options.components.includes(spec.name));
  const procs = await Promise.all(wanted.map((spec) => startComponent(spec, options)));
  return new Map(procs.map((proc, i) => [wanted[i]!.name, proc]));
}

async function startComponent(
  spec: ComponentSpec,
  options: ControlPlaneOptions,
): Promise<ManagedProcess> {
  const { pki, workDir } = options;
  const [client, serving, port] = await Promise.all([
    signCertificate(pki.ca, { commonName: spec.user, usage: 'client' }),
    signCertificate(pki.ca, { commonName: spec.name, usage: 'server' }),
    freePort(),
  ]);
  const file = (suffix: string) => componentFile(workDir, spec.name, suffix);
  const kubeconfig = buildKubeConfig({
    url: options.url,
    caPem: pki.caPem,
    users: [{ name: spec.user, certPem: client.certPem, keyPem: client.keyPem }],
  });
  const secret = { mode: 0o600 };
  await Promise.all([
    writeFile(file('.kubeconfig'), kubeConfigToYaml(kubeconfig), secret),
    writeFile(file('.crt'), serving.certPem),
    writeFile(file('.key'), serving.keyPem, secret),
  ]);
  options.log(`starting ${spec.name} (healthz on https://127.0.0.1:${port})\n`);
  const proc = startProcess({
    name: spec.name,
    command: spec.binary,
    args: [
      `--kubeconfig=${file('.kubeconfig')}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--tls-cert-file=${file('.crt')}`,
      `--tls-private-key-file=${file('.key')}`,
      ...spec.args,
      ...(options.componentArgs?.[spec.name] ?? []),
    ],
    logFile: file('.log'),
  });
  options.track(proc);
  const polling = new AbortController();
  try {
    // No authentication-kubeconfig: requests are anonymous, and /healthz is always allowed.
    const healthz = pollUntilOk(
      { url: `https://127.0.0.1:${port}`, caPem: pki.caPem },
      '/healthz',
      polling.signal,
    );
    await whileRunning(proc, healthz, options.timeoutMs);
  } finally {
    polling.abort();
  }
  return proc;
}

/** Where a component's kubeconfig, certificates, configuration and log go. */
function componentFile(workDir: string, name: ControlPlaneComponent, suffix: string): string {
  return join(workDir, `${name}${suffix}`);
}
