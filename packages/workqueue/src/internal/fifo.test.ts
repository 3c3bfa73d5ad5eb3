import fc from 'fast-check';
import { Fifo } from './fifo';

describe('Fifo', () => {
  it('behaves like an array used as a queue, across compactions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat(), fc.constant(-1), fc.constant(-2)), { maxLength: 5000 }),
        (ops) => {
          const fifo = new Fifo<number>();
          const model: number[] = [];
          for (const op of ops) {
            if (op === -1) expect(fifo.shift()).toBe(model.shift());
            else if (op === -2) {
              fifo.clear();
              model.length = 0;
            } else {
              fifo.push(op);
              model.push(op);
            }
            expect(fifo.length).toBe(model.length);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('keeps order across the compaction of a long consumed prefix', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 5000; i++) fifo.push(i);
    for (let i = 0; i < 3000; i++) expect(fifo.shift()).toBe(i);
    for (let i = 5000; i < 6000; i++) fifo.push(i);
    for (let i = 3000; i < 6000; i++) expect(fifo.shift()).toBe(i);
    expect(fifo.shift()).toBeUndefined();
  });
});
