// `npm run apiserver:real -- --kubeconfig-out FILE`: build (incrementally) and start a real
// kube-apiserver + etcd on 127.0.0.1 (with --control-plane also kube-scheduler and
// kube-controller-manager; with --gang-scheduling also scheduler-plugins' Coscheduling profile
// and the PodGroup CRD), write an admin kubeconfig, run until Ctrl-C / SIGTERM.
//
//   npx tsx --conditions=@kubekit/source test/real-apiserver/start.ts --kubeconfig-out FILE [--no-build] [--control-plane] [--gang-scheduling]
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTROL_PLANE, GANG_SCHEDULER_NAME, startRealApiServer } from './index';

const { values } = parseArgs({
  options: {
    'kubeconfig-out': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'control-plane': { type: 'boolean', default: false },
    'gang-scheduling': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(
    'usage: start.ts [--kubeconfig-out FILE] [--no-build] [--control-plane] [--gang-scheduling]',
  );
  process.exit(0);
}

const startedAt = performance.now();
const server = await startRealApiServer({
  moduleDir: import.meta.dirname,
  build: !values['no-build'],
  components: values['control-plane'] ? CONTROL_PLANE : [],
  gangScheduling: values['gang-scheduling'],
  log: (message) => process.stderr.write(message),
});
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);

const kubeconfigPath = resolve(values['kubeconfig-out'] ?? `${server.workDir}/kubeconfig`);
await writeFile(kubeconfigPath, server.kubeconfigYaml, { mode: 0o600 });

console.log(`kube-apiserver ready at ${server.url} (built and started in ${seconds} s)
  kubeconfig: ${kubeconfigPath}  (contexts: kubekit-admin [current], tfjob-controller)
  logs:       ${server.workDir}/*.log

  export KUBECONFIG=${kubeconfigPath}
  kubectl get --raw /readyz
  kubectl api-resources
  kubectl --context tfjob-controller auth can-i --list

${
  values['control-plane']
    ? 'kube-scheduler and kube-controller-manager run too; there is no kubelet.'
    : values['gang-scheduling']
      ? 'kube-scheduler runs too; no kubelet or controller-manager.'
      : 'No scheduler, kubelet or controller-manager: pods stay Pending, namespaces stay Terminating.'
}${
  values['gang-scheduling']
    ? `\nGang scheduling: pods with schedulerName ${GANG_SCHEDULER_NAME} and the label
scheduling.x-k8s.io/pod-group=<PodGroup> wait until minMember of them can be bound.`
    : ''
}
Ctrl-C stops every server and removes the work directory.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the servers`);
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
