/**
 * addTFJobController on a @kubekit/controller Manager against the API server under test: the
 * expectations of a deleted job are deleted with it (no record survives its job).
 */
import { consoleLogger, newManager, newControllerExpectations } from '@kubekit/controller';
import { startTestEnv, tfJob, type TestEnv } from '../testing/harness';
import { podsKey, servicesKey } from './sync-context';
import { addTFJobController } from './tfjob-controller';

let env: TestEnv;
beforeEach(async () => {
  env = await startTestEnv({ controller: false });
});
afterEach(async () => {
  await env.stop();
});

it('deletes the expectations of a deleted job', async () => {
  const lines: string[] = [];
  const mgr = newManager({
    name: 'tfjob-controller',
    restClient: env.rest,
    namespace: env.namespace,
    healthAddress: '0',
    log: consoleLogger({ write: (level, line) => lines.push(`${level} ${line}`) }),
  });
  const expectations = newControllerExpectations();
  addTFJobController(mgr, { expectations, onError: () => {} });
  const stop = new AbortController();
  const done = mgr.start({ signal: stop.signal });
  try {
    const key = `${env.namespace}/leaky`;
    await env.createJob(tfJob('leaky', { Worker: 2 }));
    await env.eventually('pods and services', async () => {
      const [pods, services] = [await env.pods(), await env.services()];
      return pods.length === 2 && services.length === 2;
    });
    await env.eventually('expectations met', async () =>
      [podsKey(key), servicesKey(key)].every((k) => expectations.satisfiedExpectations(k)),
    );
    expect(expectations.getExpectations(podsKey(key))).toBeDefined();
    expect(expectations.getExpectations(servicesKey(key))).toBeDefined();
    expect(expectations.size()).toBe(2);

    await env.clientset.kubeflowV1.tfJobs(env.namespace).delete('leaky');
    await env.eventually('expectations deleted', async () => expectations.size() === 0);
    expect(expectations.getExpectations(podsKey(key))).toBeUndefined();
    expect(expectations.getExpectations(servicesKey(key))).toBeUndefined();
  } finally {
    stop.abort();
    await done;
  }
  expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);
});
