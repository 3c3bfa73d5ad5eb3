import { startFixture, type ServerFixture } from './test-support/server-fixture';

/**
 * Durations a client sets in seconds (a watch's timeoutSeconds, a pod's grace period) can be
 * far longer than the 2^31 - 1 ms a Node timer holds; such a timer used to fire at once.
 */
const ns = '/api/v1/namespaces/default';

describe('long client timeouts', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.stop());

  it.each([2_147_484, 1_000_000_000_000])(
    'keeps a watch with timeoutSeconds=%i open',
    async (timeoutSeconds) => {
      const w = await f.client.watch(
        `${ns}/configmaps?watch=true&timeoutSeconds=${timeoutSeconds}&fieldSelector=metadata.name%3Dafter-${timeoutSeconds}`,
      );
      expect(w.status).toBe(200);
      await f.client.post(`${ns}/configmaps`, { metadata: { name: `after-${timeoutSeconds}` } });
      const event = await w.next();
      w.close();
      expect(event).toMatchObject({
        type: 'ADDED',
        object: { metadata: { name: `after-${timeoutSeconds}` } },
      });
    },
  );

  it('keeps a pod deleted with a grace period of years terminating', async () => {
    await f.client.post(`${ns}/pods`, {
      metadata: { name: 'slow' },
      spec: { nodeName: 'n', containers: [{ name: 'c', image: 'x' }] },
    });
    const marked = await f.client.delete(`${ns}/pods/slow`, { gracePeriodSeconds: 100_000_000 });
    expect(marked.body.metadata.deletionGracePeriodSeconds).toBe(100_000_000);
    await f.client.get(`${ns}/pods`);
    const pod = await f.client.get(`${ns}/pods/slow`);
    expect(pod.status).toBe(200);
    expect(pod.body.metadata.deletionTimestamp).toBeDefined();
  });
});
