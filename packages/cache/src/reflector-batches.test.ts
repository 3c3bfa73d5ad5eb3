import {
  FakeClock,
  InitialEventsEndAnnotation,
  isResourceExpired,
  newResourceExpired,
  watchEventBatches,
  type WatchEvent,
  type WatchEventBatchSource,
} from '@kubekit/apimachinery';
import { RecordingStore, setup } from './internal/reflector-test-setup';
import { pod, until, type TestPod } from './internal/test-helpers';
import type { ListerWatcher, WatchOptions } from './listwatch';
import { newReflector } from './reflector';
import type { ReflectorError } from './reflector-error';
import { newSharedIndexInformer } from './shared-informer';
import { newFakeListerWatcher } from './testing';

const added = (name: string, rv: string): WatchEvent<TestPod> => ({
  type: 'ADDED',
  object: pod(name, 'default', { rv }),
});
const modified = (name: string, rv: string): WatchEvent<TestPod> => ({
  type: 'MODIFIED',
  object: pod(name, 'default', { rv }),
});
const bookmark = (rv: string, initialEventsEnd = false): WatchEvent<TestPod> => ({
  type: 'BOOKMARK',
  object: {
    metadata: {
      resourceVersion: rv,
      ...(initialEventsEnd ? { annotations: { [InitialEventsEndAnnotation]: 'true' } } : {}),
    },
  },
});

/**
 * A ListerWatcher listing through `lw` whose first watch hands over `batches` through the batch
 * iterator (then stays open until closed), as @kubekit/rest's streams do; later watches are
 * `lw`'s own. Records every watch's options.
 */
function scripted(
  batches: WatchEvent<TestPod>[][],
  lw = newFakeListerWatcher<TestPod>(),
): ListerWatcher<TestPod> & { watches: WatchOptions[] } {
  const watches: WatchOptions[] = [];
  return {
    watches,
    list: (options) => lw.list(options),
    watch(options) {
      watches.push(options);
      if (watches.length > 1) return lw.watch(options);
      const queue = [...batches];
      let closed!: () => void;
      const end = new Promise<IteratorResult<never>>((resolve) => {
        closed = () => resolve({ value: undefined, done: true });
      });
      options.signal?.addEventListener('abort', () => closed(), { once: true });
      const source: AsyncIterable<WatchEvent<TestPod>> & WatchEventBatchSource<TestPod> = {
        [Symbol.asyncIterator]: () => {
          throw new Error('the Reflector must take the batch iterator');
        },
        [watchEventBatches]: () => ({
          next: () => {
            const batch = queue.shift();
            if (batch === undefined) return end;
            if (batch.some((e) => e.type === 'ERROR')) {
              // as @kubekit/rest's streams do: the events before it, then the error thrown
              const at = batch.findIndex((e) => e.type === 'ERROR');
              queue.unshift([batch[at]!]);
              if (at > 0) return Promise.resolve({ value: batch.slice(0, at), done: false });
              return Promise.reject(newResourceExpired('too old resource version: 1 (9)'));
            }
            return Promise.resolve({ value: batch, done: false });
          },
          return: () => {
            closed();
            return end;
          },
        }),
      };
      return source;
    },
  };
}

describe('Reflector with watchBatches, watch events a batch at a time', () => {
  it('applies the events of a batch before an ERROR in its middle, advancing the resourceVersion to them; the events after it never; then relists from there', async () => {
    const expired = newResourceExpired('too old resource version: 1 (9)');
    const lw = scripted([
      [added('a', '5'), bookmark('6'), { type: 'ERROR', object: {} }, added('c', '8')],
    ]);
    const { store, clock, errors, start, reflector } = setup({
      listerWatcher: lw,
      watchBatches: true,
    });
    const run = start();
    await until(() => errors.length === 1, 'the ERROR event');
    expect(isResourceExpired(errors[0])).toBe(true);
    expect((errors[0] as Error).message).toBe(expired.message);
    expect(store.ops).toEqual(['replace []@0', 'add a@5']);
    expect(reflector.lastSyncResourceVersion()).toBe('6');
    await clock.advance(800); // backoff, jitter 0
    await until(() => lw.watches.length === 2, 'the next watch');
    expect(store.ops).toEqual(['replace []@0', 'add a@5', 'replace []@0']);
    await run.stop();
  });

  it('keeps the events after the initial-events-end bookmark of a streaming list batch for the watch that follows', async () => {
    const lw = scripted([
      [
        added('a', '3'),
        added('b', '4'),
        bookmark('6', true),
        modified('a', '7'),
        { type: 'DELETED', object: pod('b', 'default', { rv: '8' }) },
      ],
      [bookmark('9')],
    ]);
    const { store, start, reflector } = setup({
      listerWatcher: lw,
      useWatchList: true,
      watchBatches: true,
    });
    const run = start();
    await until(() => reflector.lastSyncResourceVersion() === '9', 'the last bookmark');
    expect(store.ops).toEqual(['replace [a,b]@6', 'update a@7', 'delete b@8']);
    expect(lw.watches).toHaveLength(1);
    expect(lw.watches[0]).toMatchObject({ sendInitialEvents: true });
    await run.stop();
  });

  it('skips and reports an event of the wrong kind or without a name in the middle of a batch, and applies the rest', async () => {
    const lw = scripted([
      [
        added('a', '2'),
        { type: 'ADDED', object: { ...pod('x', 'default', { rv: '3' }), kind: 'ConfigMap' } },
        {
          type: 'ADDED',
          object: { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default' } },
        },
        added('c', '5'),
      ],
    ]);
    const errors: unknown[] = [];
    const informer = newSharedIndexInformer<TestPod>({
      listerWatcher: lw,
      clock: new FakeClock(),
      useWatchList: false,
      watchBatches: true,
      expectedGVK: { group: '', version: 'v1', kind: 'Pod' },
      watchErrorHandler: (err) => errors.push(err),
    });
    const controller = new AbortController();
    const done = informer.run({ signal: controller.signal });
    await until(() => informer.getStore().size() === 2, 'a and c cached');
    expect(informer.getStore().listKeys().sort()).toEqual(['default/a', 'default/c']);
    expect(errors.map((e) => (e as ReflectorError).reason ?? (e as Error).name)).toEqual([
      'UnexpectedEvent',
      'KeyFunc',
    ]);
    controller.abort();
    await done;
  });

  it('stops between two events of a batch when the signal aborts while one is applied', async () => {
    const lw = scripted([[modified('a', '2'), added('b', '3'), added('c', '4')]]);
    const controller = new AbortController();
    const store = new RecordingStore();
    const add = store.add.bind(store);
    store.add = (o) => {
      add(o);
      if (o.metadata!.name === 'b') controller.abort();
    };
    const reflector = newReflector<TestPod>({
      listerWatcher: lw,
      store,
      clock: new FakeClock(),
      useWatchList: false,
      watchBatches: true,
    });
    await reflector.run({ signal: controller.signal });
    expect(store.ops).toEqual(['replace []@0', 'update a@2', 'add b@3']);
    expect(reflector.lastSyncResourceVersion()).toBe('3');
  });

  it('delivers the rest of a batch to a handler that threw on an event in its middle, and caches all of it', async () => {
    const lw = scripted([[added('a', '2'), added('bad', '3'), added('c', '4')]]);
    const seen: string[] = [];
    const handlerErrors: unknown[] = [];
    const informer = newSharedIndexInformer<TestPod>({
      listerWatcher: lw,
      clock: new FakeClock(),
      useWatchList: false,
      watchBatches: true,
      handlerErrorHandler: (err) => handlerErrors.push(err),
    });
    informer.addEventHandler({
      onAdd: (o) => {
        seen.push(o.metadata!.name!);
        if (o.metadata!.name === 'bad') throw new Error('handler bug');
      },
    });
    const controller = new AbortController();
    const done = informer.run({ signal: controller.signal });
    await until(() => seen.length === 3, 'every add delivered');
    expect(seen).toEqual(['a', 'bad', 'c']);
    expect(handlerErrors).toEqual([new Error('handler bug')]);
    expect(informer.getStore().size()).toBe(3);
    controller.abort();
    await done;
  });
});
