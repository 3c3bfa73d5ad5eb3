/**
 * `npm start`: the TFJob controller end to end without a cluster. Starts @kubekit/testing's API
 * server, a LocalKubelet running pods as local processes, and the controller; submits a
 * distributed training job (1 PS + 2 workers, sample/train.mjs) whose worker 1 is killed once
 * mid-run (exit 137) and resumes from its checkpoint in the PVC directory; prints every condition
 * the job goes through (from a watch), the logs of worker 1's two runs and the trained model, and
 * how to point kubectl at the server.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as promClient from 'prom-client';
import { consoleLogger, createManager } from '@kubekit/controller';
import { RESTClient } from '@kubekit/rest';
import { LocalKubelet, startApiServer } from '@kubekit/testing';
import { installCrd, readCrd } from '../crd';
import { Clientset } from '../generated';
import { prometheusJobMetrics } from '../tensorflow/job-metrics';
import { addTFJobController } from '../tensorflow/tfjob-controller';
import { followJob } from './follow-job';
import { sampleClaim, sampleJob } from './sample-job';

const here = import.meta.dirname;
const TimeoutMs = 60_000;

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

const mgr = createManager({
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
);
await clientset.kubeflowV1.tfJobs('default').create(job);
console.log(
  `submitted TFJob default/${job.metadata!.name} (1 PS, 2 workers; worker 1 will be OOM-killed once)`,
);

console.log(
  `point kubectl at the embedded API server while this runs (npm start -- --keep keeps it up):\n` +
    `  export KUBECONFIG=${kubeconfig}\n  kubectl get tfjobs,pods,services\n  kubectl logs mnist-worker-1\n`,
);

const outcome = await follow();
const log = await clientset.coreV1
  .pods('default')
  .getLogs('mnist-worker-1')
  .catch(() => '');
console.log(`\nkubectl logs mnist-worker-1 (its run after the OOM kill):\n${log}`);
const ps = await clientset.coreV1
  .pods('default')
  .getLogs('mnist-ps-0')
  .catch(() => '');
console.log(
  `trained model (kubectl logs mnist-ps-0): ${lastLines(ps, 1).trim() || 'not reported'}`,
);
if (process.argv.includes('--keep')) {
  console.log('--keep: the API server stays up; press Ctrl-C to stop.');
  await new Promise((resolve) => process.once('SIGINT', resolve));
}
stop.abort();
await manager.catch(() => undefined); // flushes the manager's events
await kubelet.stop();
await rest.close();
await server.stop();
console.log(`TFJob finished: ${outcome}`);
process.exit(outcome === 'Succeeded' ? 0 : 1);

/** The last `n` lines of `text`. */
function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n') + '\n';
}
