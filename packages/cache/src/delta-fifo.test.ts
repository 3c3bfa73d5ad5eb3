import { newDeltaFIFO, type Deltas } from './delta-fifo';
import { DeltaFIFOError, requeue } from './delta-fifo-error';
import {
  deletedFinalStateUnknown,
  isDeletedFinalStateUnknown,
} from './deleted-final-state-unknown';
import { newIndexer } from './indexer';
import { pod, type TestPod } from './internal/test-helpers';

type Shape = [string, string | undefined][];

/** [type, resourceVersion or 'tombstone'] per delta. */
function shape(deltas: Deltas<TestPod>): Shape {
  return deltas.map((d) => [
    d.type,
    isDeletedFinalStateUnknown(d.object) ? 'tombstone' : d.object.metadata?.resourceVersion,
  ]);
}

async function popShape(fifo: ReturnType<typeof newDeltaFIFO<TestPod>>): Promise<[string, Shape]> {
  let key = '';
  const deltas = await fifo.pop((d) => {
    const o = d[0]!.object;
    key = isDeletedFinalStateUnknown(o) ? o.key : `${o.metadata!.namespace}/${o.metadata!.name}`;
  });
  return [key, shape(deltas)];
}

describe('DeltaFIFO', () => {
  it('coalesces the deltas of a key in order and pops keys in first-queued order', async () => {
    const fifo = newDeltaFIFO<TestPod>();
    fifo.add(pod('a', 'default', { rv: '1' }));
    fifo.add(pod('b', 'default', { rv: '2' }));
    fifo.update(pod('a', 'default', { rv: '3' }));
    fifo.delete(pod('a', 'default', { rv: '4' }));
    expect(fifo.listKeys()).toEqual(['default/a', 'default/b']);
    expect(fifo.getByKey('default/a')?.metadata?.resourceVersion).toBe('4');
    expect(await popShape(fifo)).toEqual([
      'default/a',
      [
        ['Added', '1'],
        ['Updated', '3'],
        ['Deleted', '4'],
      ],
    ]);
    expect(await popShape(fifo)).toEqual(['default/b', [['Added', '2']]]);
    expect(fifo.size()).toBe(0);
  });

  it('collapses consecutive deletes, keeping the one with the real final state', () => {
    const fifo = newDeltaFIFO<TestPod>();
    fifo.add(pod('a', 'default', { rv: '1' }));
    fifo.delete(deletedFinalStateUnknown('default/a', pod('a', 'default', { rv: '1' })));
    fifo.delete(pod('a', 'default', { rv: '2' }));
    fifo.delete(pod('a', 'default', { rv: '3' }));
    expect(shape(fifo.getDeltasByKey('default/a')!)).toEqual([
      ['Added', '1'],
      ['Deleted', '2'],
    ]);
  });

  it('ignores a delete of an object neither queued nor known', () => {
    const known = newIndexer<TestPod>();
    const fifo = newDeltaFIFO<TestPod>({ knownObjects: known });
    fifo.delete(pod('ghost'));
    expect(fifo.size()).toBe(0);
    known.add(pod('cached', 'default', { rv: '1' }));
    fifo.delete(pod('cached', 'default', { rv: '2' }));
    expect(shape(fifo.getDeltasByKey('default/cached')!)).toEqual([['Deleted', '2']]);
  });

  it('emits tombstones on Replace for known and queued objects that vanished', async () => {
    const known = newIndexer<TestPod>();
    known.add(pod('kept', 'default', { rv: '1' }));
    known.add(pod('gone', 'default', { rv: '1' }));
    const fifo = newDeltaFIFO<TestPod>({ knownObjects: known, emitDeltaTypeReplaced: true });
    fifo.add(pod('queued-gone', 'default', { rv: '2' }));
    fifo.replace([pod('kept', 'default', { rv: '3' })], '3');
    const popped = new Map<string, Shape>();
    while (fifo.size() > 0) {
      const [key, s] = await popShape(fifo);
      popped.set(key, s);
    }
    expect(popped.get('default/kept')).toEqual([['Replaced', '3']]);
    expect(popped.get('default/gone')).toEqual([['Deleted', 'tombstone']]);
    expect(popped.get('default/queued-gone')).toEqual([
      ['Added', '2'],
      ['Deleted', 'tombstone'],
    ]);
  });

  it('puts the last known state into tombstones, unwrapping nested ones', () => {
    const known = newIndexer<TestPod>();
    known.add(pod('gone', 'default', { rv: '7' }));
    const fifo = newDeltaFIFO<TestPod>({ knownObjects: known });
    fifo.replace([], '8');
    const [delta] = fifo.getDeltasByKey('default/gone')!;
    expect(isDeletedFinalStateUnknown(delta!.object) && delta!.object.obj).toEqual(
      pod('gone', 'default', { rv: '7' }),
    );
    const noKnown = newDeltaFIFO<TestPod>();
    noKnown.delete(pod('x'));
    noKnown.add(pod('x', 'default', { rv: '1' }));
    noKnown.replace([], '2');
    noKnown.replace([], '3');
    const deltas = noKnown.getDeltasByKey('default/x')!;
    expect(deltas).toHaveLength(2);
    const tomb = deltas[1]!.object;
    expect(isDeletedFinalStateUnknown(tomb) && tomb.obj).toEqual(pod('x', 'default', { rv: '1' }));
  });

  it('queues Sync instead of Replaced unless asked', () => {
    const fifo = newDeltaFIFO<TestPod>();
    fifo.replace([pod('a', 'default', { rv: '1' })], '1');
    expect(shape(fifo.getDeltasByKey('default/a')!)).toEqual([['Sync', '1']]);
  });

  it('reports synced once every item of the first Replace was popped', async () => {
    const fifo = newDeltaFIFO<TestPod>({ emitDeltaTypeReplaced: true });
    expect(fifo.hasSynced()).toBe(false);
    fifo.replace([pod('a'), pod('b')], '1');
    fifo.add(pod('c'));
    const flags: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      await fifo.pop((_d, initial) => {
        flags.push(initial);
      });
      if (i === 0) expect(fifo.hasSynced()).toBe(false);
    }
    expect(flags).toEqual([true, true, false]);
    expect(fifo.hasSynced()).toBe(true);
    fifo.replace([pod('z')], '2');
    expect(fifo.hasSynced()).toBe(true);
  });

  it('is synced at once by an empty first Replace or by any Add', () => {
    const a = newDeltaFIFO<TestPod>();
    a.replace([], '1');
    expect(a.hasSynced()).toBe(true);
    const b = newDeltaFIFO<TestPod>();
    b.add(pod('x'));
    expect(b.hasSynced()).toBe(true);
  });

  it('resyncs known objects that have nothing queued', () => {
    const known = newIndexer<TestPod>();
    known.add(pod('idle', 'default', { rv: '1' }));
    known.add(pod('busy', 'default', { rv: '1' }));
    const fifo = newDeltaFIFO<TestPod>({ knownObjects: known });
    fifo.update(pod('busy', 'default', { rv: '2' }));
    fifo.resync();
    expect(shape(fifo.getDeltasByKey('default/idle')!)).toEqual([['Sync', '1']]);
    expect(shape(fifo.getDeltasByKey('default/busy')!)).toEqual([['Updated', '2']]);
  });

  it('requeues deltas when the process function asks to, and rethrows', async () => {
    const fifo = newDeltaFIFO<TestPod>();
    fifo.add(pod('a', 'default', { rv: '1' }));
    const failure = new Error('transient');
    await expect(
      fifo.pop(() => {
        throw requeue(failure);
      }),
    ).rejects.toMatchObject({ reason: 'Requeue', cause: failure });
    expect(shape(fifo.getDeltasByKey('default/a')!)).toEqual([['Added', '1']]);
    await expect(
      fifo.pop(() => {
        throw new Error('not a requeue');
      }),
    ).rejects.toThrow('not a requeue');
    expect(fifo.size()).toBe(0);
  });

  it('waits for an item, and rejects once closed and drained or aborted', async () => {
    const fifo = newDeltaFIFO<TestPod>();
    const waiting = fifo.pop(() => undefined);
    fifo.add(pod('late', 'default', { rv: '9' }));
    expect(shape(await waiting)).toEqual([['Added', '9']]);
    const controller = new AbortController();
    const aborted = fifo.pop(() => undefined, { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    fifo.add(pod('before-close'));
    fifo.close();
    expect(fifo.isClosed()).toBe(true);
    await fifo.pop(() => undefined);
    const closed = fifo.pop(() => undefined);
    await expect(closed).rejects.toBeInstanceOf(DeltaFIFOError);
    await expect(closed).rejects.toMatchObject({ reason: 'Closed' });
  });

  it('transforms objects entering the queue, but not tombstones or resyncs', () => {
    const known = newIndexer<TestPod>();
    known.add(pod('cached', 'default', { rv: '1' }));
    const seen: string[] = [];
    const fifo = newDeltaFIFO<TestPod>({
      knownObjects: known,
      transformer: (o) => {
        seen.push(o.metadata!.name!);
        return { ...o, status: undefined };
      },
    });
    fifo.add(pod('new'));
    fifo.resync();
    fifo.replace([pod('listed')], '2');
    expect(seen).toEqual(['new', 'listed']);
    expect(fifo.getByKey('default/new')?.status).toBeUndefined();
  });

  it('hands its transformer to a Reflector (TransformingStore), and none when it has none', () => {
    const transformer = (o: TestPod) => o;
    expect(newDeltaFIFO<TestPod>({ transformer }).transformer?.()).toBe(transformer);
    expect(newDeltaFIFO<TestPod>().transformer?.()).toBeUndefined();
  });

  it('re-adds popped deltas with addIfNotPresent only when the key is free', () => {
    const fifo = newDeltaFIFO<TestPod>();
    fifo.addIfNotPresent([{ type: 'Added', object: pod('a', 'default', { rv: '1' }) }]);
    fifo.addIfNotPresent([{ type: 'Added', object: pod('a', 'default', { rv: '2' }) }]);
    expect(shape(fifo.getDeltas(pod('a'))!)).toEqual([['Added', '1']]);
    expect(fifo.list().map((o) => o.metadata?.resourceVersion)).toEqual(['1']);
  });

  it('TestDeltaFIFO_addIfNotPresent: an empty list of deltas has no key and is an error', () => {
    const fifo = newDeltaFIFO<TestPod>();
    let err: unknown;
    try {
      fifo.addIfNotPresent([]);
    } catch (e) {
      err = e;
    }
    expect(DeltaFIFOError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({
      reason: 'ZeroLengthDeltas',
      message: "0 length Deltas object; can't get key",
    });
    expect(fifo.size()).toBe(0);
  });
});
