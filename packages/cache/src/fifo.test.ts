import { DeltaFIFOError } from './delta-fifo-error';
import { newFIFO, type FIFO } from './fifo';
import { pod, type TestPod } from './internal/test-helpers';

// Ports the behaviours of client-go's tools/cache/fifo_test.go; each test names the Go test.

const obj = (name: string, rv: number): TestPod => pod(name, 'default', { rv: String(rv) });
const show = (o: TestPod) => `${o.metadata!.name}@${o.metadata!.resourceVersion}`;

async function popAll(f: FIFO<TestPod>): Promise<string[]> {
  const out: string[] = [];
  while (f.size() > 0) out.push(show(await f.pop(() => undefined)));
  return out;
}

describe('FIFO', () => {
  it('basic: objects pop in the order their keys were queued', async () => {
    const f = newFIFO<TestPod>();
    for (let i = 1; i <= 20; i++) f.add(obj(`p${i}`, i));
    const popped = await popAll(f);
    expect(popped).toEqual(Array.from({ length: 20 }, (_, i) => `p${i + 1}@${i + 1}`));
  });

  it('addUpdate: only the newest state of a key is held, and a delete drops it', async () => {
    const f = newFIFO<TestPod>();
    f.add(obj('foo', 10));
    f.update(obj('foo', 12));
    expect(f.list().map(show)).toEqual(['foo@12']);
    f.add(obj('bar', 13));
    f.delete(obj('foo', 15));
    expect(await popAll(f)).toEqual(['bar@13']);
    // The deleted key's place in the queue is skipped, not handed out.
    f.add(obj('baz', 1));
    expect(show(await f.pop(() => undefined))).toBe('baz@1');
  });

  it('addReplace: Replace swaps the whole queue', async () => {
    const f = newFIFO<TestPod>();
    f.add(obj('foo', 10));
    f.replace([obj('foo', 15), obj('bar', 16)], '0');
    expect(await popAll(f)).toEqual(['foo@15', 'bar@16']);
  });

  it('detectLineJumpers: an update keeps its key in place', async () => {
    const f = newFIFO<TestPod>();
    f.add(obj('foo', 10));
    f.add(obj('bar', 1));
    f.add(obj('foo', 11));
    f.add(obj('foo', 13));
    f.add(obj('zab', 30));
    expect(show(await f.pop(() => undefined))).toBe('foo@13');
    f.add(obj('foo', 14)); // popped, so it queues again at the end
    expect(await popAll(f)).toEqual(['bar@1', 'zab@30', 'foo@14']);
  });

  it('HasSynced: after an Add first, or once every key of the first Replace was popped', async () => {
    expect(newFIFO().hasSynced()).toBe(false);
    const added = newFIFO<TestPod>();
    added.add(obj('a', 1));
    expect(added.hasSynced()).toBe(true);
    const empty = newFIFO<TestPod>();
    empty.replace([], '0');
    expect(empty.hasSynced()).toBe(true);
    const listed = newFIFO<TestPod>();
    listed.replace([obj('a', 1), obj('b', 2)], '0');
    const initial: boolean[] = [];
    await listed.pop((_o, isInInitialList) => void initial.push(isInInitialList));
    expect(listed.hasSynced()).toBe(false);
    await listed.pop((_o, isInInitialList) => void initial.push(isInInitialList));
    expect(listed.hasSynced()).toBe(true);
    expect(initial).toEqual([true, true]);
    // A list with a key twice holds it once, so one pop syncs it.
    const twice = newFIFO<TestPod>();
    twice.replace([obj('a', 1), obj('a', 2)], '0');
    expect(show(await twice.pop(() => undefined))).toBe('a@2');
    expect(twice.hasSynced()).toBe(true);
  });

  it('PopShouldUnblockWhenClosed: waiting pops reject with Closed', async () => {
    const f = newFIFO<TestPod>();
    const waiting = [f.pop(() => undefined), f.pop(() => undefined)];
    f.close();
    for (const p of waiting) {
      const err = await p.catch((e: unknown) => e);
      expect(DeltaFIFOError.isInstance(err) && err.reason).toBe('Closed');
    }
  });

  it('resync queues held keys that are not queued', async () => {
    const f = newFIFO<TestPod>();
    f.add(obj('a', 1));
    f.resync();
    expect(await popAll(f)).toEqual(['a@1']);
  });
});
