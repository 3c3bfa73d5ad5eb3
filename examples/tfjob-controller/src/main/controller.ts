#!/usr/bin/env node
/**
 * The `tfjob-controller` binary: the TFJob controller against a real cluster, with optional
 * leader election (run two replicas), Prometheus metrics and health probes, and graceful
 * shutdown on SIGTERM. See `--help` and deploy/.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import * as promClient from 'prom-client';
import { newManager, setupSignalHandler } from '@kubekit/controller';
import { EventBroadcaster, coreV1EventSink, eventClientFromRest } from '@kubekit/record';
import { RESTClient, loadConfig } from '@kubekit/rest';
import { EnvCustomClusterDomain } from '../apis/constants';
import { prometheusJobMetrics } from '../tensorflow/job-metrics';
import { gangSchedulerFor, podGroupsServed } from '../tensorflow/pod-group';
import { addTFJobController } from '../tensorflow/tfjob-controller';
import { Usage, parseFlags } from './flags';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(Usage);
  process.exit(0);
}
const flags = parseFlags(process.argv.slice(2));
const signal = setupSignalHandler();
const config = loadConfig(flags.kubeconfig ? { path: flags.kubeconfig } : {});
const rest = new RESTClient({ ...config, qps: flags.kubeApiQps, burst: flags.kubeApiBurst });
const identity = `${hostname()}_${randomBytes(4).toString('hex')}`;
const mgr = newManager({
  name: 'tfjob-controller',
  restClient: rest,
  ...(flags.namespace ? { namespace: flags.namespace } : {}),
  ...(flags.leaderElect
    ? {
        leaderElection: {
          id: flags.leaderElectionId,
          namespace: flags.leaderElectionNamespace,
          identity,
          leaseDurationMs: flags.leaseDurationMs,
          renewDeadlineMs: flags.renewDeadlineMs,
          retryPeriodMs: flags.retryPeriodMs,
        },
      }
    : {}),
  prometheus: promClient,
  metricsAddress: flags.metricsBindAddress,
  healthAddress: flags.healthProbeBindAddress,
  onServerStarted: (s) =>
    console.log(
      `tfjob-controller ${identity}: metrics ${s.metricsUrl ?? 'off'}, probes ${s.healthUrl ?? 'off'}`,
    ),
});
// events name this replica as their source host (the manager's recorder names none)
const broadcaster = new EventBroadcaster();
broadcaster.startRecordingToSink(coreV1EventSink(eventClientFromRest(rest, 'v1')));
addTFJobController(mgr, {
  recorder: broadcaster.newRecorder({ component: 'tfjob-controller', host: identity }),
  workers: flags.controllerThreads,
  jobMetrics: prometheusJobMetrics(promClient),
  tfConfig: { clusterDomain: process.env[EnvCustomClusterDomain] },
  gangSchedulerName: flags.gangSchedulerName,
  // without the PodGroup CRD a PodGroup informer would never sync: fall back to re-checking
  watchPodGroups:
    flags.gangSchedulerName !== undefined &&
    (await podGroupsServed(rest, gangSchedulerFor(flags.gangSchedulerName), { signal })),
});

try {
  await mgr.start({ signal });
} catch (err) {
  console.error('tfjob-controller:', err);
  process.exitCode = 1; // e.g. leadership lost: exit and let the Deployment restart us
} finally {
  await broadcaster.shutdown({ timeoutMs: 5_000 });
  await rest.close();
}
