import { SortedKeys } from './sorted-keys';

/** A deterministic PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SortedKeys', () => {
  it('matches a sorted-set model under random inserts, removes and reads', () => {
    const rand = prng(42);
    const keys = new SortedKeys();
    const model = new Set<string>();
    const key = (): string =>
      `${['a', 'b', 'ab'][Math.floor(rand() * 3)]}/${Math.floor(rand() * 200)}`;
    for (let step = 0; step < 5000; step++) {
      const k = key();
      const op = rand();
      if (op < 0.5) {
        if (!model.has(k)) {
          keys.insert(k);
          model.add(k);
        }
      } else if (op < 0.8) {
        if (model.has(k)) {
          keys.remove(k);
          model.delete(k);
        }
      } else {
        const prefix = ['', 'a/', 'b/', 'ab/'][Math.floor(rand() * 4)]!;
        const from = rand() < 0.5 ? '' : key();
        const start = from > prefix ? from : prefix;
        const expected = [...model].filter((x) => x.startsWith(prefix) && x >= start).sort();
        expect([...keys.range(prefix, from)]).toEqual(expected);
        expect(keys.countFrom(prefix, from)).toBe(expected.length);
      }
    }
  });

  it('appends keys that sort last without a pending merge', () => {
    const keys = new SortedKeys();
    for (const k of ['a', 'b', 'c']) keys.insert(k);
    keys.insert('0');
    expect([...keys.range('')]).toEqual(['0', 'a', 'b', 'c']);
  });
});
