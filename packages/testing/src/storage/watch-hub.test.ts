import { resourceKey, type ResourceDef } from './resource-def';
import { parseSelection } from './selection';
import { Store } from './store';
import { WatchHub, type WatchSink } from './watch-hub';

/**
 * A watch-list's initial events are streamed as the client reads: the hub stops writing while
 * its sink holds more than about 1 MB unsent and carries on when the sink drains; live events
 * that come meanwhile follow the initial-events-end bookmark.
 */
const def: ResourceDef = {
  group: '',
  versions: [{ name: 'v1' }],
  storageVersion: 'v1',
  resource: 'configmaps',
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  singular: 'configmap',
  namespaced: true,
};
const resource = resourceKey(def);
const value = 'x'.repeat(10 * 1024);

/** A sink that sends nothing until `drain()`, which sends everything and calls the waiters. */
function stalledSink() {
  const chunks: string[] = [];
  let pending = 0;
  let waiters: Array<() => void> = [];
  const sink: WatchSink = {
    write(line) {
      chunks.push(line.toString());
      pending += line.length;
    },
    end: () => undefined,
    cork: () => undefined,
    uncork: () => undefined,
    abort: () => undefined,
    get pending() {
      return pending;
    },
    onDrain(listener) {
      waiters.push(listener);
    },
  };
  return {
    sink,
    text: () => chunks.join(''),
    drain() {
      pending = 0;
      const now = waiters;
      waiters = [];
      for (const w of now) w();
      return now.length > 0;
    },
  };
}

describe('WatchHub watch-list streaming', () => {
  it('pauses the initial events while the client does not read, and sends live events after them', () => {
    const store = new Store(1000);
    const count = 400; // about 4 MB of events
    for (let i = 0; i < count; i++)
      store.put(resource, `default/cm-${String(i).padStart(3, '0')}`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `cm-${String(i).padStart(3, '0')}`, namespace: 'default' },
        data: { v: value },
      });
    const hub = new WatchHub(store, 60_000, { perWatcher: 64 * 2 ** 20, total: 256 * 2 ** 20 });
    const s = stalledSink();
    const stop = hub.open(
      {
        def,
        version: 'v1',
        namespace: 'default',
        selection: parseSelection(def, null, null),
        options: {
          labelSelector: null,
          fieldSelector: null,
          watch: true,
          allowWatchBookmarks: true,
          resourceVersion: '',
          resourceVersionMatch: 'NotOlderThan',
          sendInitialEvents: true,
          timeoutSeconds: undefined,
          limit: 0,
          continueToken: '',
        },
        encoder: {
          id: 'test',
          encode: (type, obj) => `${JSON.stringify({ type, object: obj })}\n`,
        },
      },
      s.sink,
    );
    const lines = () =>
      s
        .text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    const written = lines().length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(count / 2);

    // a change while the snapshot waits: held until the snapshot and its bookmark are out
    const first = store.get(resource, 'default/cm-000')!.obj;
    store.put(resource, 'default/cm-000', { ...first, data: { v: 'changed' } });
    expect(lines().some((e) => e.type === 'MODIFIED')).toBe(false);

    let rounds = 0;
    while (s.drain()) rounds++;
    expect(rounds).toBeGreaterThan(1);
    const events = lines();
    expect(events.map((e) => e.type)).toEqual([
      ...Array(count).fill('ADDED'),
      'BOOKMARK',
      'MODIFIED',
    ]);
    expect(events[count].object.metadata.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
    expect(events[count + 1].object.data).toEqual({ v: 'changed' });
    stop();
    hub.stop();
  });
});
