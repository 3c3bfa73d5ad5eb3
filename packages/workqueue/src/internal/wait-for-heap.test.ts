import fc from 'fast-check';
import { WaitForHeap } from './wait-for-heap';

describe('WaitForHeap', () => {
  it('pops entries in ready-time order, one per item at its earliest time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 1000 })), {
          maxLength: 200,
        }),
        (inserts) => {
          const heap = new WaitForHeap<number>();
          const earliest = new Map<number, number>();
          for (const [item, at] of inserts) {
            heap.insert(item, at);
            earliest.set(item, Math.min(earliest.get(item) ?? Infinity, at));
          }
          expect(heap.size).toBe(earliest.size);
          const popped: [number, number][] = [];
          for (let e = heap.pop(); e !== undefined; e = heap.pop())
            popped.push([e.item, e.readyAt]);
          expect(popped.map(([, at]) => at)).toEqual([...earliest.values()].sort((a, b) => a - b));
          expect(new Map(popped)).toEqual(earliest);
        },
      ),
    );
  });

  it('forgets every entry on clear', () => {
    const heap = new WaitForHeap<string>();
    heap.insert('a', 5);
    heap.clear();
    expect(heap.size).toBe(0);
    heap.insert('a', 10);
    expect(heap.peek()?.readyAt).toBe(10);
  });
});
