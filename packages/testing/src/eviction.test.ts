/**
 * kube-apiserver's pods/eviction: PodDisruptionBudgets, the DisruptionTarget condition, the
 * graceful delete (KUBEKIT_SERVER=real runs this file against the real server too; neither runs
 * a disruption controller, so the tests write the budgets' status).
 */
import { TestClient } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
let pdbs: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
});
afterAll(async () => {
  await client.close();
  await server.stop();
});
beforeEach(async () => {
  const name = await server.namespace('eviction');
  ns = `/api/v1/namespaces/${name}`;
  pdbs = `/apis/policy/v1/namespaces/${name}/poddisruptionbudgets`;
});

describe('pods/eviction', () => {
  /** A pod bound to a node, Running, Ready or not (what a scheduler and kubelet would make). */
  async function runningPod(name: string, ready = true): Promise<void> {
    await client.post(`${ns}/pods`, {
      metadata: { name, labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    await client.post(`${ns}/pods/${name}/binding`, {
      metadata: { name },
      target: { kind: 'Node', name: 'n1' },
    });
    const condition = { type: 'Ready', status: ready ? 'True' : 'False' };
    const res = await client.patch(
      `${ns}/pods/${name}/status`,
      { status: { phase: 'Running', conditions: [condition] } },
      'application/merge-patch+json',
    );
    expect(res.status).toBe(200);
  }
  const evict = (name: string, extra: Record<string, unknown> = {}, query = '') =>
    client.post(`${ns}/pods/${name}/eviction${query}`, {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name },
      ...extra,
    });
  const pod = async (name: string) => {
    const res = await client.get(`${ns}/pods/${name}`);
    return res.status === 404 ? undefined : res.body;
  };
  /** A budget over app=web whose status a disruption controller would have written. */
  async function budget(name: string, status?: Record<string, unknown>) {
    await client.post(pdbs, {
      metadata: { name },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    });
    if (status) {
      const res = await client.patch(
        `${pdbs}/${name}/status`,
        { status: { observedGeneration: 1, ...status } },
        'application/merge-patch+json',
      );
      expect(res.status).toBe(200);
    }
  }

  it('marks a running pod DisruptionTarget, then deletes it gracefully with the eviction options', async () => {
    await runningPod('a');
    const res = await evict('a', { deleteOptions: { gracePeriodSeconds: 20 } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      code: 201,
    });
    const marked = await pod('a');
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(20);
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.status.conditions).toContainEqual({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: expect.any(String),
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
    });
  });

  it('refuses a body naming another pod, and changes nothing on a dry run', async () => {
    await runningPod('a');
    const wrong = await client.post(`${ns}/pods/a/eviction`, { metadata: { name: 'b' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toBe('name in URL does not match name in Eviction object');
    expect((await evict('a', {}, '?dryRun=All')).status).toBe(201);
    expect((await evict('a', { deleteOptions: { dryRun: ['All'] } })).status).toBe(201);
    const untouched = await pod('a');
    expect(untouched.metadata.deletionTimestamp).toBeUndefined();
    expect(untouched.status.conditions.map((c: { type: string }) => c.type)).toEqual(['Ready']);
  });

  it('answers 429 while the budget is unprocessed or exhausted, and spends one disruption per eviction', async () => {
    await runningPod('a');
    await runningPod('b');
    await budget('web');
    const unprocessed = await evict('a');
    expect(unprocessed.status).toBe(429);
    expect(unprocessed.headers['retry-after']).toBe('10');
    expect(unprocessed.body).toMatchObject({
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: {
        retryAfterSeconds: 10,
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget web is still being processed by the server.',
          },
        ],
      },
    });
    await client.patch(
      `${pdbs}/web/status`,
      {
        status: {
          observedGeneration: 1,
          disruptionsAllowed: 1,
          currentHealthy: 2,
          desiredHealthy: 1,
          expectedPods: 2,
        },
      },
      'application/merge-patch+json',
    );
    expect((await evict('a')).status).toBe(201);
    const spent = (await client.get(`${pdbs}/web`)).body.status;
    expect(spent.disruptionsAllowed).toBe(0);
    expect(Object.keys(spent.disruptedPods)).toEqual(['a']);
    expect(spent.conditions).toEqual([
      {
        type: 'DisruptionAllowed',
        status: 'False',
        observedGeneration: 1,
        lastTransitionTime: expect.any(String),
        reason: 'InsufficientPods',
        message: '',
      },
    ]);
    const refused = await evict('b');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeUndefined();
    expect(refused.body.details).toEqual({
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget web needs 1 healthy pods and has 2 currently',
        },
      ],
    });
    const kept = await pod('b');
    expect(kept.metadata.deletionTimestamp).toBeUndefined();
    expect(kept.status.conditions).toHaveLength(1);
  });

  it('skips the budget for a pod that is pending, or unready while the budget is met', async () => {
    await budget('web', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 });
    await client.post(`${ns}/pods`, {
      metadata: { name: 'pending', labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    expect((await evict('pending')).status).toBe(201);
    expect(await pod('pending')).toBeUndefined(); // never bound: no grace period
    await runningPod('unready', false);
    expect((await evict('unready')).status).toBe(201);
    expect((await pod('unready')).metadata.deletionTimestamp).toBeDefined();
    await runningPod('ready');
    expect((await evict('ready')).status).toBe(429);
  });

  it('answers 500 for a pod two budgets select', async () => {
    await runningPod('a');
    await budget('one', { disruptionsAllowed: 1 });
    await budget('two', { disruptionsAllowed: 1 });
    const two = await evict('a');
    expect(two.status).toBe(500);
    expect(two.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      code: 500,
    });
  });
});
