#!/usr/bin/env node
/**
 * The `tfjob-controller` binary: the TFJob controller against a real cluster, with optional
 * leader election (run two replicas), Prometheus metrics and health probes, and graceful
 * shutdown on SIGTERM. See `--help` and deploy/.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import * as promClient from 'prom-client';
import { Clientset, createInformerFactory } from '@kubekit/clientset';
import {
  factoryRunnable,
  prometheusControllerMetrics,
  runControllerManager,
  setupSignalHandler,
} from '@kubekit/controller';
import { LeaseLock, leaseClientFromRest } from '@kubekit/leaderelection';
import { EventBroadcaster, coreV1EventSink, eventClientFromRest } from '@kubekit/record';
import { RESTClient, loadConfig } from '@kubekit/rest';
import { prometheusMetricsProvider } from '@kubekit/workqueue';
import { EnvCustomClusterDomain } from '../apis/constants';
import { Clientset as TFJobClientset } from '../generated';
import { prometheusJobMetrics } from '../tensorflow/job-metrics';
import { newTFJobController } from '../tensorflow/tfjob-controller';
import { Usage, parseFlags } from './flags';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(Usage);
  process.exit(0);
}
const flags = parseFlags(process.argv.slice(2));
const signal = setupSignalHandler();
const config = loadConfig(flags.kubeconfig ? { path: flags.kubeconfig } : {});
const rest = new RESTClient({ ...config, qps: flags.kubeApiQps, burst: flags.kubeApiBurst });
const core = new Clientset(rest);
const tf = new TFJobClientset(rest);

const broadcaster = new EventBroadcaster();
broadcaster.startRecordingToSink(coreV1EventSink(eventClientFromRest(rest, 'v1')));
const identity = `${hostname()}_${randomBytes(4).toString('hex')}`;
const factory = createInformerFactory({ client: rest, namespace: flags.namespace });
const controller = newTFJobController({
  coreClientset: core,
  kubeflowV1: tf.kubeflowV1,
  factory,
  recorder: broadcaster.newRecorder({ component: 'tfjob-controller', host: identity }),
  workers: flags.controllerThreads,
  jobMetrics: prometheusJobMetrics(promClient),
  controllerMetrics: prometheusControllerMetrics(promClient),
  metricsProvider: prometheusMetricsProvider(promClient),
  tfConfig: { clusterDomain: process.env[EnvCustomClusterDomain] },
  gangSchedulerName: flags.gangSchedulerName,
});

const namespace = flags.leaderElectionNamespace;
try {
  await runControllerManager({
    controllers: [controller],
    runnables: [factoryRunnable(factory)],
    ...(flags.leaderElect
      ? {
          leaderElection: {
            lock: new LeaseLock({
              client: leaseClientFromRest(rest, { namespace }),
              name: flags.leaderElectionId,
              namespace,
            }),
            identity,
            leaseDurationMs: flags.leaseDurationMs,
            renewDeadlineMs: flags.renewDeadlineMs,
            retryPeriodMs: flags.retryPeriodMs,
            releaseOnCancel: true,
          },
        }
      : {}),
    server: {
      metricsAddress: flags.metricsBindAddress,
      healthAddress: flags.healthProbeBindAddress,
    },
    onServerStarted: (s) =>
      console.log(
        `tfjob-controller ${identity}: metrics ${s.metricsUrl ?? 'off'}, probes ${s.healthUrl ?? 'off'}`,
      ),
    signal,
  });
} catch (err) {
  console.error('tfjob-controller:', err);
  process.exitCode = 1; // e.g. leadership lost: exit and let the Deployment restart us
} finally {
  await broadcaster.shutdown({ timeoutMs: 5_000 });
  await rest.close();
}
