/**
 * The subresources controllers use beyond status and scale, through the typed clients: a pod's
 * binding (what a scheduler does) on every server, and a service account's token request on a
 * real kube-apiserver (the in-memory server does not issue tokens).
 */
import { isConflict } from '@kubekit/apimachinery';
import { Clientset } from '@kubekit/clientset';
import { realServer, startServerUnderTest, type ServerUnderTest } from '../server-under-test';

describe('typed subresource clients', () => {
  let server: ServerUnderTest;
  let cs: Clientset;
  let ns: string;

  beforeAll(async () => {
    server = await startServerUnderTest();
    cs = Clientset.fromConfig({
      server: server.url,
      caData: server.caPem,
      bearerToken: server.token,
    });
    ns = await server.namespace('subresources');
  });

  afterAll(async () => {
    await cs?.close();
    await server?.stop();
  });

  it('binds a pod to a node once; a second binding is a conflict', async () => {
    const pods = cs.coreV1.pods(ns);
    await pods.create({
      metadata: { name: 'unscheduled' },
      spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
    });
    const status = await pods.bind('unscheduled', { kind: 'Node', name: 'node-a' });
    expect(status).toMatchObject({ kind: 'Status', status: 'Success' });
    expect((await pods.get('unscheduled')).spec?.nodeName).toBe('node-a');
    const err = await pods
      .bind('unscheduled', { kind: 'Node', name: 'node-b' })
      .catch((e: unknown) => e);
    expect(isConflict(err)).toBe(true);
  });

  (realServer ? it : it.skip)('requests a bound service account token with an expiry', async () => {
    await cs.coreV1.serviceAccounts(ns).create({ metadata: { name: 'builder' } });
    const answer = await cs.coreV1
      .serviceAccounts(ns)
      .createToken('builder', { spec: { audiences: ['kubekit-test'], expirationSeconds: 600 } });
    expect(answer.kind).toBe('TokenRequest');
    expect(answer.status?.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(Date.parse(answer.status!.expirationTimestamp)).toBeGreaterThan(Date.now());
  });
});
