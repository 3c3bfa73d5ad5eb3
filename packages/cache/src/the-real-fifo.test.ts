import { isDeletedFinalStateUnknown } from './deleted-final-state-unknown';
import type { Delta } from './delta-fifo';
import { DeltaFIFOError } from './delta-fifo-error';
import { pod, type TestPod } from './internal/test-helpers';
import { newStore } from './store';
import { newRealFIFO, type RealFIFO } from './the-real-fifo';

// Ports the behaviours of client-go's tools/cache/the_real_fifo_test.go; each test names the Go
// test it follows.

const obj = (name: string, rv: number): TestPod => pod(name, 'default', { rv: String(rv) });

/** `Type name@rv`, with `~` marking a tombstone (DeletedFinalStateUnknown) and its last state. */
function describeDelta({ type, object }: Delta<TestPod>): string {
  if (isDeletedFinalStateUnknown(object)) {
    const last = object.obj?.metadata?.resourceVersion ?? 'none';
    return `${type} ~${object.key.replace('default/', '')}@${last}`;
  }
  return `${type} ${object.metadata!.name}@${object.metadata!.resourceVersion}`;
}

function newTestFIFO(known: TestPod[] = [], batchSize?: number): RealFIFO<TestPod> {
  const store = newStore<TestPod>();
  for (const o of known) store.add(o);
  return newRealFIFO<TestPod>({ knownObjects: store, batchSize });
}

async function popOne(f: RealFIFO<TestPod>): Promise<{ delta: string; initial: boolean }> {
  let initial = false;
  const deltas = await f.pop((_d, isInInitialList) => {
    initial = isInInitialList;
  });
  expect(deltas).toHaveLength(1);
  return { delta: describeDelta(deltas[0]!), initial };
}

async function popAll(f: RealFIFO<TestPod>): Promise<string[]> {
  const out: string[] = [];
  while (f.size() > 0) out.push((await popOne(f)).delta);
  return out;
}

const queued = (f: RealFIFO<TestPod>) => f.queuedDeltas().map(describeDelta);

describe('RealFIFO', () => {
  it('basic: interleaved producers are popped one change at a time, in arrival order', async () => {
    const f = newTestFIFO();
    for (let i = 1; i <= 50; i++) {
      f.add(obj(`a${i}`, i));
      f.add(obj(`b${i}`, 100 + i));
    }
    const popped = await popAll(f);
    expect(popped).toHaveLength(100);
    expect(popped.slice(0, 4)).toEqual([
      'Added a1@1',
      'Added b1@101',
      'Added a2@2',
      'Added b2@102',
    ]);
  });

  it('replaceWithDeleteDeltaIn: a queued delete is followed by the Replaced object', () => {
    const f = newTestFIFO([obj('foo', 1)]);
    f.delete(obj('foo', 1));
    f.replace([obj('foo', 2)], '');
    expect(queued(f)).toEqual(['Deleted foo@1', 'Replaced foo@2']);
  });

  describe('ReplaceMakesDeletionsForObjectsOnlyInQueue', () => {
    const cases: [string, (f: RealFIFO<TestPod>) => void, string[]][] = [
      [
        'an added object is deleted on Replace',
        (f) => {
          f.add(obj('foo', 2));
          f.replace([], '0');
        },
        ['Added foo@2', 'Deleted ~foo@2'],
      ],
      [
        'a deleted object gets no second delete',
        (f) => {
          f.add(obj('foo', 2));
          f.delete(obj('foo', 2));
          f.replace([], '0');
        },
        ['Added foo@2', 'Deleted foo@2'],
      ],
      [
        'a listed then unlisted object gets a single delete',
        (f) => {
          f.add(obj('foo', 2));
          f.replace([obj('foo', 2)], '0');
          f.replace([obj('foo', 2)], '0');
          f.replace([], '0');
        },
        ['Added foo@2', 'Replaced foo@2', 'Replaced foo@2', 'Deleted ~foo@2'],
      ],
      [
        'an added object gets a single delete over two Replaces',
        (f) => {
          f.add(obj('foo', 2));
          f.replace([], '0');
          f.replace([], '1');
        },
        ['Added foo@2', 'Deleted ~foo@2'],
      ],
      [
        'added, deleted and added again: the tombstone carries the newest state',
        (f) => {
          f.add(obj('foo', 2));
          f.delete(obj('foo', 2));
          f.add(obj('foo', 3));
          f.replace([], '0');
        },
        ['Added foo@2', 'Deleted foo@2', 'Added foo@3', 'Deleted ~foo@3'],
      ],
    ];
    it.each(cases)('%s', async (_name, operations, expected) => {
      const f = newTestFIFO();
      operations(f);
      expect(await popAll(f)).toEqual(expected);
      expect(f.size()).toBe(0);
    });
  });

  it('addUpdate: every change of a key is queued and popped, not only the newest', async () => {
    const f = newTestFIFO();
    f.add(obj('foo', 10));
    f.update(obj('foo', 12));
    f.delete(obj('foo', 15));
    expect(queued(f)).toEqual(['Added foo@10', 'Updated foo@12', 'Deleted foo@15']);
    expect(await popAll(f)).toEqual(['Added foo@10', 'Updated foo@12', 'Deleted foo@15']);
  });

  it('transformer: objects are transformed once; tombstones and Sync deltas never', async () => {
    const counts = new Map<TestPod, number>();
    const store = newStore<TestPod>();
    const f = newRealFIFO<TestPod>({
      knownObjects: store,
      transformer: (o) => {
        counts.set(o, (counts.get(o) ?? 0) + 1);
        return o;
      },
    });
    const objects = [obj('foo', 10), obj('bar', 11), obj('foo', 12), obj('foo', 15)];
    f.add(objects[0]!);
    f.add(objects[1]!);
    f.update(objects[2]!);
    f.delete(objects[3]!);
    f.replace([], '');
    const bar = obj('bar', 16);
    f.add(bar);
    f.replace([], '');
    expect(queued(f)).toEqual([
      'Added foo@10',
      'Added bar@11',
      'Updated foo@12',
      'Deleted foo@15',
      'Deleted ~bar@11',
      'Added bar@16',
      'Deleted ~bar@16',
    ]);
    expect([...objects, bar].map((o) => counts.get(o))).toEqual([1, 1, 1, 1, 1]);
    store.add(obj('cached', 1));
    await popAll(f);
    f.resync();
    expect(queued(f)).toEqual(['Sync cached@1']);
    expect(counts.size).toBe(5);
  });

  it('enqueueingNoLister: a delete of an object never seen is still queued', async () => {
    const f = newTestFIFO();
    f.add(obj('foo', 10));
    f.update(obj('bar', 15));
    f.add(obj('qux', 17));
    f.delete(obj('qux', 18));
    f.delete(obj('baz', 20));
    expect(await popAll(f)).toEqual([
      'Added foo@10',
      'Updated bar@15',
      'Added qux@17',
      'Deleted qux@18',
      'Deleted baz@20',
    ]);
  });

  it('addReplace: the Replaced delta comes after the queued add of the same key', async () => {
    const f = newTestFIFO();
    f.add(obj('foo', 10));
    f.replace([obj('foo', 15)], '0');
    expect(await popAll(f)).toEqual(['Added foo@10', 'Replaced foo@15']);
  });

  it('Resync and ResyncNonExisting: Sync only for known keys with nothing queued', () => {
    const f = newTestFIFO([obj('foo', 5)]);
    f.resync();
    expect(queued(f)).toEqual(['Sync foo@5']);
    const g = newTestFIFO([obj('foo', 5)]);
    g.delete(obj('foo', 10));
    g.resync();
    expect(queued(g)).toEqual(['Deleted foo@10']);
  });

  it('UpdateResyncRace: a resync never queues the cached (older) state behind an update', async () => {
    const f = newTestFIFO([obj('foo', 5)]);
    f.update(obj('foo', 6));
    f.resync();
    expect(await popAll(f)).toEqual(['Updated foo@6']);
  });

  describe('ReplaceMakesDeletions: deletions are queued before the listed objects', () => {
    const known = () => [obj('foo', 5), obj('bar', 6), obj('baz', 7)];

    it('after a queued delete', async () => {
      const f = newTestFIFO(known());
      f.delete(obj('baz', 10));
      f.replace([obj('foo', 5)], '0');
      expect(await popAll(f)).toEqual(['Deleted baz@10', 'Deleted ~bar@6', 'Replaced foo@5']);
    });

    it('after a queued add', async () => {
      const f = newTestFIFO(known());
      f.add(obj('baz', 10));
      f.replace([obj('foo', 5)], '0');
      expect(await popAll(f)).toEqual([
        'Added baz@10',
        'Deleted ~baz@10',
        'Deleted ~bar@6',
        'Replaced foo@5',
      ]);
    });

    it('after a delete and re-create in the queue: the tombstone has the queued state', async () => {
      const f = newTestFIFO(known());
      f.delete(obj('bar', 6));
      f.add(obj('bar', 100));
      f.replace([obj('foo', 5)], '0');
      expect(await popAll(f)).toEqual([
        'Deleted bar@6',
        'Added bar@100',
        'Deleted ~bar@100',
        'Deleted ~baz@7',
        'Replaced foo@5',
      ]);
    });

    it('after an earlier Replace: the tombstone has the newest listed state', async () => {
      const f = newTestFIFO(known());
      f.replace([obj('bar', 100), obj('foo', 5)], '0');
      f.replace([obj('foo', 5)], '0');
      expect(await popAll(f)).toEqual([
        'Deleted ~baz@7',
        'Replaced bar@100',
        'Replaced foo@5',
        'Deleted ~bar@100',
        'Replaced foo@5',
      ]);
    });
  });

  it('HasSyncedCorrectOnDeletion: initial-list deletions count toward sync', async () => {
    const f = newTestFIFO([obj('foo', 5), obj('bar', 6), obj('baz', 7)]);
    f.replace([obj('foo', 5)], '0');
    for (const expected of ['Deleted ~bar@6', 'Deleted ~baz@7', 'Replaced foo@5']) {
      expect(f.hasSynced()).toBe(false);
      expect(await popOne(f)).toEqual({ delta: expected, initial: true });
    }
    expect(f.hasSynced()).toBe(true);
  });

  it('detectLineJumpers: a key never jumps ahead of changes queued before it', async () => {
    const f = newTestFIFO();
    f.add(obj('foo', 10));
    f.add(obj('bar', 1));
    f.add(obj('foo', 11));
    f.add(obj('foo', 13));
    f.add(obj('zab', 30));
    expect((await popOne(f)).delta).toBe('Added foo@10');
    f.add(obj('foo', 14));
    expect(await popAll(f)).toEqual([
      'Added bar@1',
      'Added foo@11',
      'Added foo@13',
      'Added zab@30',
      'Added foo@14',
    ]);
  });

  it('HasSynced: after an Add first, or once every delta of the first Replace was popped', async () => {
    expect(newTestFIFO().hasSynced()).toBe(false);
    const added = newTestFIFO();
    added.add(obj('a', 1));
    expect(added.hasSynced()).toBe(true);
    const empty = newTestFIFO();
    empty.replace([], '0');
    expect(empty.hasSynced()).toBe(true);
    const listed = newTestFIFO();
    listed.replace([obj('a', 1), obj('b', 2)], '0');
    expect(listed.hasSynced()).toBe(false);
    await popOne(listed);
    expect(listed.hasSynced()).toBe(false);
    await popOne(listed);
    expect(listed.hasSynced()).toBe(true);
    // A broken list with a key twice: both deltas are delivered, so both must be popped.
    const twice = newTestFIFO();
    twice.replace([obj('a', 1), obj('a', 2)], '0');
    await popOne(twice);
    expect(twice.hasSynced()).toBe(false);
    await popOne(twice);
    expect(twice.hasSynced()).toBe(true);
  });

  it('HasSynced turns true only after the process function of the last initial delta returned', async () => {
    const f = newTestFIFO();
    f.replace([obj('a', 1)], '0');
    let syncedWhileProcessing: boolean | undefined;
    await f.pop(async () => {
      await Promise.resolve();
      syncedWhileProcessing = f.hasSynced();
    });
    expect(syncedWhileProcessing).toBe(false);
    expect(f.hasSynced()).toBe(true);
  });

  it('PopShouldUnblockWhenClosed: waiting pops reject with Closed, queued deltas still pop', async () => {
    const f = newTestFIFO();
    const waiting = Array.from({ length: 3 }, () => f.pop(() => undefined));
    f.close();
    for (const p of waiting) {
      const err = await p.catch((e: unknown) => e);
      expect(DeltaFIFOError.isInstance(err) && err.reason).toBe('Closed');
      expect((err as Error).message).toBe('DeltaFIFO: manipulating with closed queue');
    }
    const g = newTestFIFO();
    g.add(obj('a', 1));
    g.close();
    expect((await popOne(g)).delta).toBe('Added a@1');
    await expect(g.pop(() => undefined)).rejects.toMatchObject({ reason: 'Closed' });
  });

  it('does not queue a delta again when its process function fails (no Requeue)', async () => {
    const f = newTestFIFO();
    f.add(obj('a', 1));
    await expect(
      f.pop(() => {
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(f.size()).toBe(0);
  });

  it('rejects a waiting pop with an AbortError when its signal aborts', async () => {
    const f = newTestFIFO();
    const controller = new AbortController();
    const popping = f.pop(() => undefined, { signal: controller.signal });
    controller.abort();
    await expect(popping).rejects.toMatchObject({ name: 'AbortError' });
    f.add(obj('a', 1));
    expect(f.size()).toBe(1);
  });

  describe('PopMultipleDeltaInBatch', () => {
    const [o1, o2, o3, o4] = ['foo1', 'foo2', 'foo3', 'foo4'].map((n) => obj(n, 5)) as [
      TestPod,
      TestPod,
      TestPod,
      TestPod,
    ];
    const cases: [string, TestPod[], TestPod[], number, string[][]][] = [
      ['pops unique items as one batch', [o1, o2, o3], [], 1000, [['R1', 'R2', 'R3']]],
      [
        'splits at the end of the initial list',
        [o1, o2],
        [o3, o4],
        2,
        [
          ['R1', 'R2'],
          ['U3', 'U4'],
        ],
      ],
      ['splits at a repeated key (1)', [o1], [o1, o1], 1000, [['R1'], ['U1'], ['U1']]],
      [
        'splits at a repeated key (2)',
        [o1, o2],
        [o2, o3],
        1000,
        [
          ['R1', 'R2'],
          ['U2', 'U3'],
        ],
      ],
      ['splits at a repeated key (3)', [o1, o2, o3], [o2], 1000, [['R1', 'R2', 'R3'], ['U2']]],
      ['splits by batch size (initial list)', [o1, o2, o3], [], 2, [['R1', 'R2'], ['R3']]],
      ['splits by batch size (later deltas)', [], [o1, o2, o3], 2, [['U1', 'U2'], ['U3']]],
      [
        'splits by batch size across the initial list',
        [o1, o2, o3],
        [o4],
        2,
        [['R1', 'R2'], ['R3'], ['U4']],
      ],
    ];
    it.each(cases)('%s', async (_name, initial, updates, batchSize, expected) => {
      const f = newTestFIFO(initial, batchSize);
      f.replace(initial, '123');
      for (const o of updates) f.update(o);
      const batches: string[][] = [];
      const initialItems: string[] = [];
      const short = (d: Delta<TestPod>) =>
        `${d.type[0]}${(d.object as TestPod).metadata!.name!.slice(3)}`;
      const record = (deltas: Delta<TestPod>[], isInInitialList: boolean) => {
        batches.push(deltas.map(short));
        if (isInInitialList) initialItems.push(...deltas.map(short));
      };
      let singles = 0;
      while (f.size() > 0) {
        await f.popBatch(record, (deltas, isInInitialList) => {
          singles++;
          record(deltas, isInInitialList);
        });
      }
      expect(batches).toEqual(expected);
      expect(singles).toBe(expected.filter((b) => b.length === 1).length);
      expect(initialItems).toEqual(initial.map((o) => `R${o.metadata!.name!.slice(3)}`));
    });
  });

  it('refuses missing knownObjects and a bad batchSize with a typed error', () => {
    expect(() => newRealFIFO<TestPod>({} as never)).toThrow(
      'newRealFIFO: knownObjects must be provided',
    );
    expect(() => newRealFIFO<TestPod>({ knownObjects: newStore(), batchSize: 0 })).toThrow(
      'newRealFIFO: batchSize must be an integer >= 1, got 0',
    );
  });
});
