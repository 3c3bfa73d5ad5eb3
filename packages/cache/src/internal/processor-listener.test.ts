import type { InformerEvent } from '../resource-event-handler';
import { ProcessorListener } from './processor-listener';
import { pod, until, type TestPod } from './test-helpers';

function listener(bufferSize: number, synced = () => true) {
  const delivered: string[] = [];
  let release: (() => void) | undefined;
  let hold = true;
  const describe = (e: InformerEvent<TestPod>) =>
    e.type === 'update'
      ? `update ${e.object.metadata!.name} ${e.oldObject.metadata!.resourceVersion}->${e.object.metadata!.resourceVersion}`
      : `${e.type} ${(e.object as TestPod).metadata!.name}@${(e.object as TestPod).metadata!.resourceVersion}`;
  const record = (e: InformerEvent<TestPod>) => {
    delivered.push(describe(e));
    if (!hold) return undefined;
    return new Promise<void>((resolve) => (release = resolve));
  };
  const l = new ProcessorListener<TestPod>(
    {
      onAdd: (object, isInInitialList) => record({ type: 'add', object, isInInitialList }),
      onUpdate: (oldObject, object) => record({ type: 'update', oldObject, object }),
      onDelete: (object) => record({ type: 'delete', object: object as TestPod }),
    },
    0,
    0,
    0,
    bufferSize,
    {
      keyOf: (o) => (o as TestPod).metadata!.name!,
      upstreamHasSynced: synced,
      onHandlerError: () => undefined,
    },
  );
  return {
    l,
    delivered,
    unblock: () => {
      hold = false;
      release?.();
    },
  };
}

const add = (name: string, rv: string, initial = false): InformerEvent<TestPod> => ({
  type: 'add',
  object: pod(name, 'default', { rv }),
  isInInitialList: initial,
});
const update = (name: string, from: string, to: string): InformerEvent<TestPod> => ({
  type: 'update',
  oldObject: pod(name, 'default', { rv: from }),
  object: pod(name, 'default', { rv: to }),
});
const del = (name: string, rv: string): InformerEvent<TestPod> => ({
  type: 'delete',
  object: pod(name, 'default', { rv }),
});

describe('ProcessorListener', () => {
  it('delivers every notification in order while under its buffer size', async () => {
    const { l, delivered, unblock } = listener(100);
    for (const e of [add('a', '1'), update('a', '1', '2'), del('a', '3'), add('a', '4')]) l.add(e);
    unblock();
    await until(() => delivered.length === 4, 'delivery');
    expect(delivered).toEqual(['add a@1', 'update a 1->2', 'delete a@3', 'add a@4']);
  });

  it('merges waiting notifications per key once over its buffer size', async () => {
    const { l, delivered, unblock } = listener(2);
    l.add(add('blocker', '1'));
    await until(() => delivered.length === 1, 'first delivery');
    l.add(add('x', '2'));
    l.add(add('y', '3'));
    l.add(update('x', '2', '4')); // merged: add x@4
    l.add(update('y', '3', '5')); // merged: add y@5
    l.add(del('y', '6')); // cancels add y
    l.add(update('blocker', '1', '7'));
    l.add(update('blocker', '7', '8')); // merged: update blocker 1->8
    l.add(add('y', '9'));
    l.add(del('blocker', '10')); // replaces the update
    expect(l.pending()).toBe(3);
    unblock();
    await until(() => l.pending() === 0, 'drained');
    expect(delivered).toEqual(['add blocker@1', 'add x@4', 'delete blocker@10', 'add y@9']);
  });

  it('counts an initial add cancelled by a delete as done for hasSynced', async () => {
    const { l, delivered, unblock } = listener(1);
    l.add(add('blocker', '1', true));
    await until(() => delivered.length === 1, 'first delivery');
    l.add(add('gone', '2', true));
    l.add(add('other', '3', true));
    l.add(del('gone', '4'));
    expect(l.hasSynced()).toBe(false);
    unblock();
    await until(() => l.pending() === 0, 'drained');
    await until(() => l.hasSynced(), 'synced');
    expect(delivered).toEqual(['add blocker@1', 'add other@3']);
  });

  it('is not synced before its upstream is, and drops what waits when stopped', async () => {
    let upstream = false;
    const { l, delivered } = listener(10, () => upstream);
    l.add(add('a', '1', true));
    l.add(add('b', '2', true));
    await until(() => delivered.length === 1, 'first delivery');
    expect(l.hasSynced()).toBe(false);
    const stopped = l.stop();
    expect(l.pending()).toBe(0);
    upstream = true;
    l.add(add('c', '3'));
    expect(l.pending()).toBe(0);
    void stopped;
  });
});
