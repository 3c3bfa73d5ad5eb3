// The demo's data set, generated (nothing is downloaded): 8x8 images of the digits 0-9, like a
// tiny MNIST. Each example is a 5x7 glyph placed at a random offset in the 8x8 frame, with
// random stroke intensity, pixel dropout and Gaussian noise, all drawn from a seeded generator:
// every process that calls generateDigits() with the same seed gets the same examples, so the
// workers agree on the data without exchanging it.

/** Pixels per image (8x8) and the number of classes. */
export const ImageSize = 64;
export const NumClasses = 10;

const Glyphs = [
  ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
];

/** A seeded uniform generator in [0, 1) (mulberry32). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample from `random` (Box-Muller). */
function gaussian(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** One noisy image of `digit` written into `out` (64 floats in [0, 1]). */
function drawDigit(digit, random, out) {
  out.fill(0);
  const dx = Math.floor(random() * 4); // 8 - 5 + 1 horizontal positions
  const dy = Math.floor(random() * 2); // 8 - 7 + 1 vertical positions
  const ink = 0.5 + 0.5 * random();
  Glyphs[digit].forEach((row, y) => {
    for (let x = 0; x < row.length; x++)
      if (row[x] === '#' && random() > 0.1) out[(y + dy) * 8 + x + dx] = ink;
  });
  for (let i = 0; i < ImageSize; i++)
    out[i] = Math.min(1, Math.max(0, out[i] + 0.2 * gaussian(random)));
}

/** `count` examples from `seed`: `x` holds `count` images of 64 pixels, `y` their digits. */
export function generateDigits(count, seed) {
  const random = seededRandom(seed);
  const x = new Float32Array(count * ImageSize);
  const y = new Int32Array(count);
  const image = new Float32Array(ImageSize);
  for (let i = 0; i < count; i++) {
    const digit = Math.floor(random() * NumClasses);
    drawDigit(digit, random, image);
    x.set(image, i * ImageSize);
    y[i] = digit;
  }
  return { x, y, count };
}

/** The examples of worker `index` of `workers`: every `workers`-th one, from `index` on. */
export function shard(data, index, workers) {
  const picked = [];
  for (let i = index; i < data.count; i += workers) picked.push(i);
  return select(data, picked);
}

/** Batch `step` of `data` (`size` examples, wrapping around: one pass is an epoch). */
export function batch(data, step, size) {
  const picked = [];
  for (let k = 0; k < size; k++) picked.push((step * size + k) % data.count);
  return select(data, picked);
}

function select(data, indexes) {
  const x = new Float32Array(indexes.length * ImageSize);
  const y = new Int32Array(indexes.length);
  indexes.forEach((from, to) => {
    x.set(data.x.subarray(from * ImageSize, (from + 1) * ImageSize), to * ImageSize);
    y[to] = data.y[from];
  });
  return { x, y, count: indexes.length };
}
