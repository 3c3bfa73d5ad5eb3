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
  });
});
