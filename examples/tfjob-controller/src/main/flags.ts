import { parseArgs } from 'node:util';

/** The `tfjob-controller` command line, parsed. */
export interface ControllerFlags {
  kubeconfig?: string;
  /** Only TFJobs of this namespace; '' (default): all. */
  namespace: string;
  controllerThreads: number;
  kubeApiQps: number;
  kubeApiBurst: number;
  leaderElect: boolean;
  leaderElectionId: string;
  leaderElectionNamespace: string;
  /** How long a Lease is valid without renewal (`--leader-elect-lease-duration`, default 15 s). */
  leaseDurationMs: number;
  /** How long the leader retries renewing before it gives up (default 10 s). */
  renewDeadlineMs: number;
  /** Wait between acquire / renew attempts (default 2 s). */
  retryPeriodMs: number;
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  /** Gang scheduling with PodGroups (volcano or scheduler-plugins); unset: off. */
  gangSchedulerName?: string;
}

/** Usage text of the binary. */
export const Usage = `Usage: tfjob-controller [flags]
  --kubeconfig <path>                 kubeconfig (default: KUBECONFIG, in-cluster, ~/.kube/config)
  --namespace <ns>                    watch only this namespace (default: all)
  --controller-threads <n>            concurrent reconciles (default 1)
  --kube-api-qps <n>                  client QPS (default 5)
  --kube-api-burst <n>                client burst (default 10)
  --leader-elect                      run only while holding the Lease (for 2+ replicas)
  --leader-election-id <name>         the Lease's name (default tfjob-controller)
  --leader-election-namespace <ns>    the Lease's namespace (default POD_NAMESPACE or kubeflow)
  --leader-elect-lease-duration <d>   Lease validity, e.g. 15s (default 15s)
  --leader-elect-renew-deadline <d>   the leader gives up renewing after this (default 10s)
  --leader-elect-retry-period <d>     wait between acquire / renew attempts (default 2s)
  --metrics-bind-address <addr>       /metrics (default :8080; 0 disables)
  --health-probe-bind-address <addr>  /healthz, /readyz (default :8081; 0 disables)
  --gang-scheduler-name <name>        gang scheduler: volcano (scheduling.volcano.sh PodGroups) or
                                      a scheduler-plugins name (scheduling.x-k8s.io PodGroups)
`;

/** Parses `argv` (without node and the script); throws a TypeError on unknown or bad flags. */
export function parseFlags(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ControllerFlags {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      kubeconfig: { type: 'string' },
      namespace: { type: 'string', default: '' },
      'controller-threads': { type: 'string', default: '1' },
      'kube-api-qps': { type: 'string', default: '5' },
      'kube-api-burst': { type: 'string', default: '10' },
      'leader-elect': { type: 'boolean', default: false },
      'leader-election-id': { type: 'string', default: 'tfjob-controller' },
      'leader-election-namespace': { type: 'string' },
      'leader-elect-lease-duration': { type: 'string', default: '15s' },
      'leader-elect-renew-deadline': { type: 'string', default: '10s' },
      'leader-elect-retry-period': { type: 'string', default: '2s' },
      'metrics-bind-address': { type: 'string', default: ':8080' },
      'health-probe-bind-address': { type: 'string', default: ':8081' },
      'gang-scheduler-name': { type: 'string' },
    },
  });
  const positive = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0)
      throw new TypeError(`--${name} must be a positive number, got ${JSON.stringify(text)}`);
    return n;
  };
  const duration = (name: string, text: string): number => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
    const ms = m ? Number(m[1]) * { ms: 1, s: 1_000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'] : 0;
    if (ms <= 0)
      throw new TypeError(
        `--${name} must be a positive duration such as 15s or 500ms, got ${JSON.stringify(text)}`,
      );
    return ms;
  };
  return {
    kubeconfig: values.kubeconfig,
    namespace: values.namespace!,
    controllerThreads: Math.floor(positive('controller-threads', values['controller-threads']!)),
    kubeApiQps: positive('kube-api-qps', values['kube-api-qps']!),
    kubeApiBurst: Math.floor(positive('kube-api-burst', values['kube-api-burst']!)),
    leaderElect: values['leader-elect']!,
    leaderElectionId: values['leader-election-id']!,
    leaderElectionNamespace: values['leader-election-namespace'] ?? env.POD_NAMESPACE ?? 'kubeflow',
    leaseDurationMs: duration(
      'leader-elect-lease-duration',
      values['leader-elect-lease-duration']!,
    ),
    renewDeadlineMs: duration(
      'leader-elect-renew-deadline',
      values['leader-elect-renew-deadline']!,
    ),
    retryPeriodMs: duration('leader-elect-retry-period', values['leader-elect-retry-period']!),
    metricsBindAddress: values['metrics-bind-address']!,
    healthProbeBindAddress: values['health-probe-bind-address']!,
    gangSchedulerName: values['gang-scheduler-name'],
  };
}
