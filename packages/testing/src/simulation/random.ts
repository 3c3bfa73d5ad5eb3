/**
 * The seeded randomness of a simulation: one seed decides the fault schedule, every jitter and
 * every generated name, so a seed replays exactly.
 */

/** A deterministic source of random numbers. */
export interface SeededRandom {
  /** Uniform in [0, 1), as `Math.random`. */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A new independent stream derived from this one (its own sequence for one purpose). */
  fork(): SeededRandom;
}

/**
 * A seeded random stream (sfc32 seeded through splitmix32): the same seed gives the same
 * numbers on every platform and Node.js version.
 */
export function seededRandom(seed: number): SeededRandom {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  const random: SeededRandom = {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[Math.floor(next() * items.length)]!;
    },
    fork: () => seededRandom(Math.floor(next() * 4294967296)),
  };
  return random;
}
