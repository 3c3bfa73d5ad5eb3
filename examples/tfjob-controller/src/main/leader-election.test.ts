import { newInformerFactory } from '@kubekit/clientset';
import { factoryRunnable, runControllerManager } from '@kubekit/controller';
import { LeaseLock, leaseClientFromRest } from '@kubekit/leaderelection';
import { FakeRecorder } from '@kubekit/record/testing';
import { Clientset } from '../generated';
import { newTFJobController } from '../tensorflow/tfjob-controller';
import { condition, startTestEnv, tfJob, type TestEnv } from '../testing/harness';

let env: TestEnv;
beforeEach(async () => {
  env = await startTestEnv({ controller: false });
});
afterEach(async () => {
  await env.stop();
});

/** One replica of the Deployment: its own client, informers, controller and recorder. */
function replica(identity: string) {
  const rest = env.newRest();
  const factory = newInformerFactory({ client: rest, namespace: env.namespace });
  const recorder = new FakeRecorder();
  const controller = newTFJobController({
    clientset: new Clientset(rest),
    factory,
    recorder,
    onError: () => {},
  });
  const stop = new AbortController();
  const done = runControllerManager({
    controllers: [controller],
    runnables: [factoryRunnable(factory)],
    leaderElection: {
      lock: new LeaseLock({
        client: leaseClientFromRest(rest, { namespace: env.namespace }),
        name: 'tfjob-controller',
        namespace: env.namespace,
      }),
      identity,
      // Long enough that a renewal slowed by a loaded machine never costs the leader its lease:
      // the hand-over under test is the release on stop (releaseOnCancel), not an expiry.
      leaseDurationMs: 60_000,
      renewDeadlineMs: 45_000,
      retryPeriodMs: 200,
      releaseOnCancel: true,
    },
    signal: stop.signal,
  });
  return { recorder, stop: async () => (stop.abort(), await done.catch(() => undefined)) };
}

const leaseHolder = async () =>
  (
    (await env.rest
      .get()
      .groupVersion({ group: 'coordination.k8s.io', version: 'v1' })
      .namespace(env.namespace)
      .resource('leases')
      .name('tfjob-controller')
      .do()
      .catch(() => undefined)) as { spec?: { holderIdentity?: string } } | undefined
  )?.spec?.holderIdentity;

it('runs the job on the leader only and hands it over when the leader stops', async () => {
  const a = replica('a');
  await env.eventually('a leads', async () => (await leaseHolder()) === 'a');
  const b = replica('b');
  await env.createJob(tfJob('le', { PS: 1, Worker: 2 }));
  await env.eventually('running', async () => condition(await env.getJob('le'), 'Running'));
  const uids = (await env.pods()).map((p) => p.metadata!.uid).sort();
  expect(uids).toHaveLength(3);
  await a.stop();
  await env.eventually('b leads', async () => (await leaseHolder()) === 'b');
  await env.setPhases({ 'le-worker-0': { phase: 'Succeeded' } });
  await env.eventually('succeeded', async () => condition(await env.getJob('le'), 'Succeeded'));
  // The controller announces a transition after the status write that records it: wait for the
  // event before stopping b, or the stop can come between the two (seen on the real tier).
  await env.eventually('b announces success', async () =>
    b.recorder.events.some((e) => e.includes('TFJobSucceeded')),
  );
  await b.stop();
  expect((await env.pods()).map((p) => p.metadata!.uid).sort()).toEqual(uids);
  const creates = (r: FakeRecorder) =>
    r.events.filter((e) => e.startsWith('Normal SuccessfulCreatePod')).length;
  expect([creates(a.recorder), creates(b.recorder)]).toEqual([3, 0]);
  expect(a.recorder.events.some((e) => e.includes('TFJobSucceeded'))).toBe(false);
});
