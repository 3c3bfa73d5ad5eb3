import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { apiRequest, createObject, type ApiTarget } from './api-request';
import { goCommand } from './build';
import { bindClusterRole, type PolicyRule } from './cluster-role';
import { RealApiServerError } from './real-apiserver-error';

const execFileAsync = promisify(execFile);

/**
 * The kube-scheduler profile that gang-schedules (scheduler-plugins' Coscheduling plugin); the
 * name scheduler-plugins' documentation gives it. Pods ask for it with `spec.schedulerName`.
 */
export const GANG_SCHEDULER_NAME = 'scheduler-plugins-scheduler';

/** The Go module of the Coscheduling plugin; its version is the one go.mod requires. */
export const SCHEDULER_PLUGINS_MODULE = 'sigs.k8s.io/scheduler-plugins';

/** The PodGroup CRD inside {@link SCHEDULER_PLUGINS_MODULE}, as the plugin's release ships it. */
const PODGROUP_CRD_PATH = 'config/crd/bases/scheduling.x-k8s.io_podgroups.yaml';
const PODGROUP_CRD_NAME = 'podgroups.scheduling.x-k8s.io';

/**
 * What the scheduler identity (`system:kube-scheduler`) needs beyond its bootstrap role to run
 * Coscheduling: read and watch PodGroups (the plugin's cache, and the scheduler's informer for
 * the PodGroup events the plugin registers). Nothing else: the plugin writes no PodGroup status
 * and lists no ElasticQuota.
 */
export const GANG_SCHEDULER_RULES: readonly PolicyRule[] = [
  { apiGroups: ['scheduling.x-k8s.io'], resources: ['podgroups'], verbs: ['get', 'list', 'watch'] },
];

/** Name of the ClusterRole and ClusterRoleBinding of {@link GANG_SCHEDULER_RULES}. */
export const GANG_SCHEDULER_ROLE = 'kubekit:scheduler-plugins-coscheduling';

/**
 * kube-scheduler's KubeSchedulerConfiguration with gang scheduling: the default profile
 * (`default-scheduler`, upstream's plugins) and {@link GANG_SCHEDULER_NAME}, which adds
 * Coscheduling at every extension point it implements. Every profile of one scheduler must sort
 * its queue the same way, so both sort with Coscheduling's queue sort (by priority, then by the
 * creation of the pod's PodGroup, else of the pod), as scheduler-plugins' own configuration
 * does. Leader election is off and the client is `kubeconfig`: with `--config` kube-scheduler
 * ignores its `--kubeconfig` flag.
 */
export function gangSchedulerConfig(kubeconfig: string): string {
  const queueSort = { enabled: [{ name: 'Coscheduling' }], disabled: [{ name: '*' }] };
  return stringify({
    apiVersion: 'kubescheduler.config.k8s.io/v1',
    kind: 'KubeSchedulerConfiguration',
    clientConnection: { kubeconfig },
    leaderElection: { leaderElect: false },
    profiles: [
      { schedulerName: 'default-scheduler', plugins: { queueSort } },
      {
        schedulerName: GANG_SCHEDULER_NAME,
        plugins: { multiPoint: { enabled: [{ name: 'Coscheduling' }] }, queueSort },
      },
    ],
  });
}

/**
 * The PodGroup CustomResourceDefinition of the scheduler-plugins release that go.mod requires,
 * read from the Go module cache (`go list -m` finds the module's directory; the build has
 * downloaded it), so the CRD always matches the compiled plugin.
 *
 * @throws RealApiServerError `build-failed` when the go command cannot locate the module.
 */
export async function readPodGroupCrd(moduleDir: string): Promise<Record<string, unknown>> {
  const args = ['list', '-m', '-f', '{{.Dir}}', SCHEDULER_PLUGINS_MODULE];
  let dir: string;
  try {
    dir = (await execFileAsync(goCommand(), args, { cwd: moduleDir, timeout: 60_000 })).stdout;
  } catch (cause) {
    throw new RealApiServerError(
      'build-failed',
      `go ${args.join(' ')} (in ${moduleDir}) failed: ${String(cause)}`,
      { cause },
    );
  }
  const file = join(dir.trim(), PODGROUP_CRD_PATH);
  return parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}

/**
 * Prepares a fresh kube-apiserver for a gang-scheduling kube-scheduler: installs the PodGroup
 * CRD of {@link readPodGroupCrd}, waits until PodGroups can be listed (Established is written
 * before the server serves the resource), and grants `system:kube-scheduler`
 * {@link GANG_SCHEDULER_RULES}. Call it before starting the scheduler: the plugin's cache
 * lists PodGroups when it starts.
 *
 * @throws RealApiServerError `request-failed` when the server refuses an object,
 * `not-ready` when PodGroups are not served within `timeoutMs`.
 */
export async function installGangScheduling(
  admin: ApiTarget,
  moduleDir: string,
  timeoutMs: number,
): Promise<void> {
  const crd = await readPodGroupCrd(moduleDir);
  await createObject(admin, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  const path = '/apis/scheduling.x-k8s.io/v1alpha1/podgroups?limit=1';
  const deadline = Date.now() + timeoutMs;
  while ((await apiRequest(admin, { path })).status !== 200) {
    if (Date.now() > deadline)
      throw new RealApiServerError(
        'not-ready',
        `CRD ${PODGROUP_CRD_NAME}: GET ${path} did not answer 200 within ${timeoutMs} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await bindClusterRole(admin, GANG_SCHEDULER_ROLE, GANG_SCHEDULER_RULES, 'system:kube-scheduler');
}
