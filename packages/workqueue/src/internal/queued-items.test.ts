import fc from 'fast-check';
import { QueuedItems } from './queued-items';
import { StringKeyFifo } from './string-key-fifo';

/** An insertion-ordered set as an array: the model both representations must match. */
class Model<T> {
  items: T[] = [];
  add(item: T): boolean {
    if (this.items.includes(item)) return false;
    this.items.push(item);
    return true;
  }
}

describe('QueuedItems', () => {
  it('behaves like an insertion-ordered set across moves between its Set and its StringKeyFifo', () => {
    const item = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 60 }).map((n) => `ns/key-${n}`) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) },
    );
    const op = fc.oneof(
      { weight: 3, arbitrary: item.map((x) => ({ add: x })) },
      { weight: 1, arbitrary: item.map((x) => ({ hasCheaply: x })) },
      { weight: 2, arbitrary: fc.constant({ shift: true as const }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.boolean(), (ops, stringsOnly) => {
        const queued = new QueuedItems<string | number>(4);
        const model = new Model<string | number>();
        for (const o of ops) {
          if ('add' in o) {
            const x = stringsOnly ? String(o.add) : o.add;
            expect(queued.add(x)).toBe(model.add(x));
          } else if ('hasCheaply' in o) {
            // never claims an item that is not queued; may not know of one that is
            if (queued.hasCheaply(o.hasCheaply)) expect(model.items).toContain(o.hasCheaply);
          } else if (model.items.length > 0) {
            expect(queued.shift()).toBe(model.items.shift());
          }
          expect(queued.size).toBe(model.items.length);
        }
        while (model.items.length > 0) expect(queued.shift()).toBe(model.items.shift());
      }),
      { numRuns: 100 },
    );
  });

  it('answers hasCheaply from a small Set: queued items yes, absent and taken ones no', () => {
    const queued = new QueuedItems<string | number>();
    queued.add('a');
    queued.add(1);
    expect([queued.hasCheaply('a'), queued.hasCheaply(1), queued.hasCheaply('b')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(queued.shift()).toBe('a');
    expect(queued.hasCheaply('a')).toBe(false);
  });

  it('keeps FIFO order and coalescing for 20k string keys (the hashed representation)', () => {
    const queued = new QueuedItems<string>();
    const keys = Array.from({ length: 20_000 }, (_, i) => `namespace-${i % 97}/object-${i}`);
    const notNew = keys.filter((k) => !queued.add(k));
    const notCoalesced = keys.filter((k, i) => i % 7 === 0 && queued.add(k));
    expect({ notNew, notCoalesced, size: queued.size }).toEqual({
      notNew: [],
      notCoalesced: [],
      size: keys.length,
    });
    expect(queued.hasCheaply(keys[0]!)).toBe(false); // queued, but not in a small Set
    const firstHalf = Array.from({ length: 10_000 }, () => queued.shift());
    expect(queued.add(keys[10]!)).toBe(true); // taken, so new again: queued last
    const rest = Array.from({ length: queued.size }, () => queued.shift());
    expect([...firstHalf, ...rest]).toEqual([...keys, keys[10]]);
    expect(queued.size).toBe(0);
  });
});

describe('StringKeyFifo', () => {
  it('finds every key after deletions moved entries of colliding probe runs', () => {
    // A tiny index where most keys share probe runs, wrapping around its end.
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.constant(null)), { maxLength: 300 }),
        (ops) => {
          const fifo = new StringKeyFifo(16);
          const model = new Model<string>();
          for (const o of ops) {
            if (o === null) {
              if (model.items.length > 0) expect(fifo.shift()).toBe(model.items.shift());
            } else expect(fifo.add(o)).toBe(model.add(o));
            for (const k of model.items) expect(fifo.add(k)).toBe(false); // found: no change
            expect([...fifo.keys()]).toEqual(model.items);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
