import { isConflict, type KubeObject } from '@kubekit/apimachinery';
import { RESTClient } from '@kubekit/rest';
import { startApiServer, type ApiServer } from '@kubekit/testing';
import { addFinalizer, hasFinalizer, isBeingDeleted, removeFinalizer } from './finalizers';
import { patchClientFromRest, type PatchCallOptions, type PatchClient } from './patch-client';

/** A PatchClient that records what would be sent and answers with the patched metadata. */
function recordingClient() {
  const sent: { name: string; patch: unknown; options?: PatchCallOptions }[] = [];
  const client: PatchClient = {
    patch: async (name, patch, options) => {
      sent.push({ name, patch, options });
      const { metadata } = patch as { metadata: KubeObject['metadata'] };
      return { metadata: { name, ...metadata, finalizers: metadata?.finalizers ?? undefined } };
    },
  };
  return { client, sent };
}

const obj = (finalizers?: string[], extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  metadata: { name: 'job', namespace: 'ml', uid: 'u1', resourceVersion: '7', finalizers, ...extra },
});

describe('finalizers', () => {
  it('hasFinalizer and isBeingDeleted read the metadata', () => {
    expect(hasFinalizer(obj(['a']), 'a')).toBe(true);
    expect(hasFinalizer(obj(), 'a')).toBe(false);
    expect(isBeingDeleted(obj())).toBe(false);
    expect(isBeingDeleted(obj([], { deletionTimestamp: '2024-01-01T00:00:00Z' }))).toBe(true);
  });

  it('adds by a merge patch carrying uid and resourceVersion, keeping the others', async () => {
    const { client, sent } = recordingClient();
    const signal = new AbortController().signal;
    await addFinalizer(client, obj(['x.io/a']), 'x.io/b', { signal });
    expect(sent).toEqual([
      {
        name: 'job',
        patch: { metadata: { uid: 'u1', resourceVersion: '7', finalizers: ['x.io/a', 'x.io/b'] } },
        options: { type: 'application/merge-patch+json', signal },
      },
    ]);
  });

  it('removes by setting the rest, or null for the last one', async () => {
    const { client, sent } = recordingClient();
    await removeFinalizer(client, obj(['x.io/a', 'x.io/b']), 'x.io/a');
    await removeFinalizer(client, obj(['x.io/b']), 'x.io/b');
    expect(sent.map((s) => (s.patch as { metadata: unknown }).metadata)).toEqual([
      { uid: 'u1', resourceVersion: '7', finalizers: ['x.io/b'] },
      { uid: 'u1', resourceVersion: '7', finalizers: null },
    ]);
  });

  it('sends nothing when there is nothing to change', async () => {
    const { client, sent } = recordingClient();
    const withA = obj(['x.io/a']);
    expect(await addFinalizer(client, withA, 'x.io/a')).toBe(withA);
    const without = obj();
    expect(await removeFinalizer(client, without, 'x.io/a')).toBe(without);
    expect(sent).toEqual([]);
  });
});

describe('finalizers against the API server', () => {
  let server: ApiServer;
  let client: RESTClient;
  beforeAll(async () => {
    server = await startApiServer({ http: true });
    client = new RESTClient({
      server: server.url,
      bearerToken: server.token,
      warningHandler: null,
    });
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('removing a finalizer twice (a stale cache after the object is gone) is not an error', async () => {
    const configMaps = patchClientFromRest(client, {
      resource: { group: '', version: 'v1', resource: 'configmaps' },
      namespace: 'default',
    });
    const created = await client
      .post()
      .groupVersion({ group: '', version: 'v1' })
      .namespace('default')
      .resource('configmaps')
      .body({ metadata: { name: 'held', finalizers: ['x.io/cleanup'] } })
      .do<KubeObject>();
    const deleting = await client
      .delete()
      .groupVersion({ group: '', version: 'v1' })
      .namespace('default')
      .resource('configmaps')
      .name('held')
      .do<KubeObject>();
    expect(isBeingDeleted(deleting)).toBe(true);
    await removeFinalizer(configMaps, deleting, 'x.io/cleanup'); // the object goes
    // The informer's copy still carries the finalizer: the second removal meets 404.
    await expect(removeFinalizer(configMaps, deleting, 'x.io/cleanup')).resolves.toBe(deleting);
    await expect(addFinalizer(configMaps, created, 'x.io/other')).resolves.toBe(created);
  });

  it('still reports a conflict on a stale object', async () => {
    const configMaps = patchClientFromRest(client, {
      resource: { group: '', version: 'v1', resource: 'configmaps' },
      namespace: 'default',
    });
    const created = await client
      .post()
      .groupVersion({ group: '', version: 'v1' })
      .namespace('default')
      .resource('configmaps')
      .body({ metadata: { name: 'stale' } })
      .do<KubeObject>();
    await addFinalizer(configMaps, created, 'x.io/a');
    const err: unknown = await addFinalizer(configMaps, created, 'x.io/b').catch((e: unknown) => e);
    expect(isConflict(err)).toBe(true);
  });
});
