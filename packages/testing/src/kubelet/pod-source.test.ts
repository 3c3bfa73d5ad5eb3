import { startApiServer, type ApiServer } from '../api-server';
import { TestClient } from '../http-client';
import { podsOf } from '../test-support/kubelet-fixture';
import { startRecordingProxy, type RecordingProxy } from '../test-support/recording-proxy';
import { LocalKubelet } from './local-kubelet';
import type { LocalKubeletOptions } from './local-kubelet-options';

let server: ApiServer;
let client: TestClient;
const kubelets: LocalKubelet[] = [];
const proxies: RecordingProxy[] = [];

beforeEach(async () => {
  server = await startApiServer({ http: true });
  client = new TestClient(server);
});
afterEach(async () => {
  await Promise.all(kubelets.splice(0).map((k) => k.stop()));
  await Promise.all(proxies.splice(0).map((p) => p.stop()));
  await client.close();
  await server.stop();
});

/** Starts a scripted kubelet (every pod Running) behind a proxy recording what it receives. */
const start = async (
  nodeName: string,
  options: Partial<LocalKubeletOptions> = {},
): Promise<RecordingProxy> => {
  const proxy = await startRecordingProxy(server.url);
  proxies.push(proxy);
  kubelets.push(
    await LocalKubelet.start({
      server: { url: proxy.url, token: server.token },
      nodeName,
      script: () => ({ phase: 'Running' }),
      ...options,
    }),
  );
  return proxy;
};

/** The pods a kubelet was sent, as `name@node` (`name@` while unbound), once each. */
const podsReceived = (proxy: RecordingProxy): string[] => {
  const pods = proxy.objects().filter((o) => o.spec?.containers);
  return [...new Set(pods.map((p) => `${p.metadata.name}@${p.spec.nodeName ?? ''}`))].sort();
};

/** The field selectors of a kubelet's pod watches. */
const podWatches = (proxy: RecordingProxy): string[] =>
  proxy.responses
    .filter((r) => r.url.includes('/pods?') && r.url.includes('watch=true'))
    .map((r) => new URL(r.url, 'http://x').searchParams.get('fieldSelector') ?? '(all pods)')
    .sort();

const spec = (extra: Record<string, unknown> = {}) => ({
  containers: [{ name: 'c', image: 'x' }],
  ...extra,
});

describe('LocalKubelet pod source', () => {
  it('with a scheduler binding (bindPods: false), watches and receives only its own node’s pods', async () => {
    const n1 = await start('n1', { bindPods: false });
    const n2 = await start('n2', { bindPods: false });
    const pods = podsOf(client);
    for (const [name, node] of [
      ['a1', 'n1'],
      ['a2', 'n1'],
      ['b1', 'n2'],
      ['b2', 'n2'],
    ] as const)
      await pods.create(name, spec({ nodeName: node }));
    await pods.create('unbound', spec());
    for (const name of ['a1', 'a2', 'b1', 'b2'])
      await pods.until(name, 'Running', (p) => p.status?.phase === 'Running');
    expect(podsReceived(n1)).toEqual(['a1@n1', 'a2@n1']);
    expect(podsReceived(n2)).toEqual(['b1@n2', 'b2@n2']);
    expect(podWatches(n1)).toEqual(['spec.nodeName=n1']);
  });

  it('binding pods itself, also watches unbound pods, and never receives another node’s', async () => {
    const n1 = await start('n1', { labels: { zone: 'a' } });
    const n2 = await start('n2', { labels: { zone: 'b' } });
    const pods = podsOf(client);
    await pods.create('on-n2', spec({ nodeName: 'n2' }));
    await pods.create('zone-a', spec({ nodeSelector: { zone: 'a' } }));
    await pods.create('zone-b', spec({ nodeSelector: { zone: 'b' } }));
    for (const name of ['on-n2', 'zone-a', 'zone-b'])
      await pods.until(name, 'Running', (p) => p.status?.phase === 'Running');
    expect((await pods.get('zone-a')).spec.nodeName).toBe('n1');
    // each saw both pods while they were unbound, and only its own once bound
    expect(podsReceived(n1)).toEqual(['zone-a@', 'zone-a@n1', 'zone-b@']);
    expect(podsReceived(n2)).toEqual(['on-n2@n2', 'zone-a@', 'zone-b@', 'zone-b@n2']);
    expect(podWatches(n1)).toEqual(['spec.nodeName=', 'spec.nodeName=n1']);
  });
});
