import { parseFlags } from './flags';

describe('tfjob-controller flags', () => {
  it('has the upstream defaults', () => {
    expect(parseFlags([], {})).toEqual({
      kubeconfig: undefined,
      namespace: '',
      controllerThreads: 1,
      kubeApiQps: 5,
      kubeApiBurst: 10,
      leaderElect: false,
      leaderElectionId: 'tfjob-controller',
      leaderElectionNamespace: 'kubeflow',
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      metricsBindAddress: ':8080',
      healthProbeBindAddress: ':8081',
      gangSchedulerName: undefined,
    });
  });

  it('parses every flag and takes the Lease namespace from POD_NAMESPACE', () => {
    const flags = parseFlags(
      [
        '--kubeconfig',
        '/k',
        '--namespace',
        'ml',
        '--controller-threads',
        '4',
        '--kube-api-qps',
        '20',
        '--kube-api-burst',
        '40',
        '--leader-elect',
        '--leader-election-id',
        'tf',
        '--leader-elect-lease-duration',
        '1.5m',
        '--leader-elect-renew-deadline',
        '3s',
        '--leader-elect-retry-period',
        '250ms',
        '--metrics-bind-address',
        '0',
        '--health-probe-bind-address',
        ':9000',
        '--gang-scheduler-name',
        'volcano',
      ],
      { POD_NAMESPACE: 'kubeflow-system' },
    );
    expect(flags).toMatchObject({
      kubeconfig: '/k',
      namespace: 'ml',
      controllerThreads: 4,
      kubeApiQps: 20,
      kubeApiBurst: 40,
      leaderElect: true,
      leaderElectionId: 'tf',
      leaderElectionNamespace: 'kubeflow-system',
      leaseDurationMs: 90_000,
      renewDeadlineMs: 3_000,
      retryPeriodMs: 250,
      metricsBindAddress: '0',
      healthProbeBindAddress: ':9000',
      gangSchedulerName: 'volcano',
    });
  });

  it('rejects unknown flags and bad numbers', () => {
    expect(() => parseFlags(['--nope'], {})).toThrow();
    expect(() => parseFlags(['--controller-threads', '0'], {})).toThrow(
      '--controller-threads must be a positive number',
    );
    expect(() => parseFlags(['--leader-elect-retry-period', '2'], {})).toThrow(
      '--leader-elect-retry-period must be a positive duration',
    );
    expect(() => parseFlags(['--leader-elect-lease-duration', '0s'], {})).toThrow(
      '--leader-elect-lease-duration must be a positive duration',
    );
  });
});
