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
  metricsBindAddress: string;
  healthProbeBindAddress: string;
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
  --metrics-bind-address <addr>       /metrics (default :8080; 0 disables)
  --health-probe-bind-address <addr>  /healthz, /readyz (default :8081; 0 disables)
  --gang-scheduler-name <name>        gang scheduler (volcano, scheduler-plugins): not implemented yet
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
  return {
    kubeconfig: values.kubeconfig,
    namespace: values.namespace!,
    controllerThreads: Math.floor(positive('controller-threads', values['controller-threads']!)),
    kubeApiQps: positive('kube-api-qps', values['kube-api-qps']!),
    kubeApiBurst: Math.floor(positive('kube-api-burst', values['kube-api-burst']!)),
    leaderElect: values['leader-elect']!,
    leaderElectionId: values['leader-election-id']!,
    leaderElectionNamespace: values['leader-election-namespace'] ?? env.POD_NAMESPACE ?? 'kubeflow',
    metricsBindAddress: values['metrics-bind-address']!,
    healthProbeBindAddress: values['health-probe-bind-address']!,
    gangSchedulerName: values['gang-scheduler-name'],
  };
}
