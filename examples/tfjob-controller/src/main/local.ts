/**
 * `npm start`: the TFJob controller end to end without a cluster. Starts @kubekit/testing's API
 * server, a LocalKubelet running pods as local processes, and the controller; submits a
 * distributed TensorFlow.js training job (1 PS + 2 workers, sample/train.mjs) whose worker 1 is
 * killed once mid-run (exit 137) and resumes at the PS's step; prints every condition the job
 * goes through (from a watch), then every replica's log (the loss going down, the restart, the
 * held-out accuracy), a one-line summary, and how to point kubectl at the server.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as promClient from 'prom-client';
import { consoleLogger, newManager, setupSignalHandler } from '@kubekit/controller';
import { RESTClient } from '@kubekit/rest';
import { startApiServer } from '@kubekit/testing';
import { LocalKubelet } from '@kubekit/testing/kubelet';
import { installCrd, readCrd } from '../crd';
import { Clientset } from '../generated';
import { prometheusJobMetrics } from '../tensorflow/job-metrics';
import { addTFJobController } from '../tensorflow/tfjob-controller';
import { followJob } from './follow-job';
import { sampleClaim, sampleJob } from './sample-job';
import { printReplicaLogs, summarizeTraining, summaryLine } from './training-report';

const here = import.meta.dirname;
// Ctrl-C or SIGTERM: skip to the clean-up below, which stops the pods (the training processes)
const interrupted = setupSignalHandler();
const whenInterrupted = new Promise<void>((resolve) =>
  interrupted.addEventListener('abort', () => resolve(), { once: true }),
);
const TimeoutMs = 180_000; // a bound for a stuck job, not a target: the demo takes ~10-30 s

const kubeletRef: { current?: LocalKubelet } = {}; // the log hook is bound before the kubelet starts
const server = await startApiServer({ podLogs: (req) => kubeletRef.current?.podLogs(req) });
const rest = new RESTClient({
  server: server.url,
  caData: server.caPem,
  bearerToken: server.token,
});
const clientset = new Clientset(rest); // the generated one: built-in groups + kubeflowV1
await installCrd(clientset, readCrd(join(here, '../../deploy/crd.yaml')));
const kubelet = await LocalKubelet.start({
  server,
  onError: (err) => console.error('kubelet:', err),
});
kubeletRef.current = kubelet;

const mgr = newManager({
  name: 'tfjob-controller',
  restClient: rest,
  prometheus: promClient,
  metricsAddress: '127.0.0.1:0',
  healthAddress: '127.0.0.1:0',
  log: consoleLogger({ write: (level, line) => level === 'error' && console.error(line) }),
  onServerStarted: (s) => console.log(`controller metrics: ${s.metricsUrl}/metrics`),
});
addTFJobController(mgr, {
  jobMetrics: prometheusJobMetrics(promClient),
  workers: 2,
  onError: () => {}, // conflicts with a stale cache: retried with backoff
});
const stop = new AbortController();
const manager = mgr.start({ signal: stop.signal });

const kubeconfig = join(tmpdir(), `kubekit-tfjob-${process.pid}.kubeconfig`);
writeFileSync(kubeconfig, server.kubeconfigYaml);
const job = sampleJob({ program: join(here, '../../sample/train.mjs'), node: process.execPath });
await clientset.coreV1.persistentVolumeClaims('default').create(sampleClaim()); // pods wait for it
const follow = await followJob(
  clientset.kubeflowV1.tfJobs('default'),
  job.metadata!.name!,
  TimeoutMs,
  (l) => console.log(l),
  interrupted,
);
await clientset.kubeflowV1.tfJobs('default').create(job);
const submitted = performance.now();
console.log(
  `submitted TFJob default/${job.metadata!.name} (1 PS, 2 workers; worker 1 will be OOM-killed once)`,
);

console.log(
  `point kubectl at the embedded API server while this runs (npm start -- --keep keeps it up):\n` +
    `  export KUBECONFIG=${kubeconfig}\n  kubectl get tfjobs,pods,services\n  kubectl logs mnist-worker-1\n`,
);

const outcome = await follow();
if (outcome !== 'interrupted') {
  console.log('');
  const pods = clientset.coreV1.pods('default');
  const logs = await printReplicaLogs(pods, job, (l) => console.log(l));
  const finished = await clientset.kubeflowV1
    .tfJobs('default')
    .get(job.metadata!.name!)
    .catch(() => undefined);
  const seconds = (performance.now() - submitted) / 1000;
  console.log(`\n${summaryLine(finished, outcome, summarizeTraining(logs), seconds)}`);
  if (process.argv.includes('--keep')) {
    console.log('--keep: the API server stays up; press Ctrl-C to stop.');
    await whenInterrupted;
  }
} else {
  console.log(`\n${(interrupted.reason as Error).message}: stopping the pods and the API server`);
}
stop.abort();
await manager.catch(() => undefined); // flushes the manager's events
await kubelet.stop();
await rest.close();
await server.stop();
rmSync(kubeconfig, { force: true });
process.exit(outcome === 'Succeeded' ? 0 : 1);
