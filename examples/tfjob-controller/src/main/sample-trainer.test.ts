/**
 * The pieces of the demo's training program (sample/*.mjs) that a wrong number would not break
 * visibly: the written-out backward pass against finite differences, the seeded data and its
 * shards, and the checkpoint round trip. The whole program runs in local.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Data {
  x: Float32Array;
  y: Int32Array;
  count: number;
}
interface Tensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

const sample = join(__dirname, '../../sample');
// plain-JavaScript modules without types: loaded by path, typed here by what the test uses
const load = (file: string) => import(join(sample, file));

let dataset: {
  generateDigits(count: number, seed: number): Data;
  shard(data: Data, index: number, workers: number): Data;
  batch(data: Data, step: number, size: number): Data;
};
let model: {
  FlatSize: number;
  initialValues(seed: number): Float32Array;
  lossAndGradients(values: Float32Array, data: Data): { loss: number; gradients: Float32Array };
  accuracy(values: Float32Array, data: Data): number;
};
let checkpoint: {
  saveCheckpoint(
    dir: string,
    c: { step: number; variables: Tensor[]; optimizer: Tensor[] },
  ): string;
  loadCheckpoint(
    dir: string,
  ): { step: number; variables: Tensor[]; optimizer: Tensor[] } | undefined;
};
beforeAll(async () => {
  [dataset, model, checkpoint] = await Promise.all([
    load('dataset.mjs'),
    load('model.mjs'),
    load('checkpoint.mjs'),
  ]);
});

describe('model.lossAndGradients', () => {
  it('matches central finite differences of the loss, coordinate by coordinate', () => {
    const data = dataset.batch(dataset.generateDigits(64, 11), 0, 16);
    const values = model.initialValues(5);
    values.forEach((v, i) => (values[i] = v + 0.01 * Math.sin(i))); // non-zero biases too
    const { gradients } = model.lossAndGradients(values, data);
    const eps = 3e-3; // small enough to cross no ReLU kink, large enough for float32
    // coordinates spread over the four variables: dense1 kernel, bias, dense2 kernel, bias
    expect(model.FlatSize).toBe(64 * 32 + 32 + 32 * 10 + 10);
    for (const i of [0, 700, 2047, 2048, 2070, 2080, 2200, 2399, 2400, 2409]) {
      const at = (delta: number) => {
        const moved = values.slice();
        moved[i]! += delta;
        return model.lossAndGradients(moved, data).loss;
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      expect(Math.abs(gradients[i]! - numeric)).toBeLessThan(1e-4 + 0.01 * Math.abs(numeric));
    }
    expect(gradients.some((g) => Math.abs(g) > 1e-3)).toBe(true);
  });

  it('gives an untrained model chance accuracy and a loss near ln 10', () => {
    const data = dataset.generateDigits(500, 2);
    const values = model.initialValues(3);
    expect(model.accuracy(values, data)).toBeLessThan(0.3);
    expect(model.lossAndGradients(values, data).loss).toBeCloseTo(Math.log(10), 0);
  });
});

describe('dataset', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = dataset.generateDigits(100, 1);
    expect(dataset.generateDigits(100, 1)).toEqual(a);
    expect(dataset.generateDigits(100, 2).x).not.toEqual(a.x);
    expect(new Set(a.y).size).toBe(10);
  });

  it('shards the examples among the workers without overlap', () => {
    const data = dataset.generateDigits(10, 1);
    const shards = [0, 1, 2].map((i) => dataset.shard(data, i, 3));
    expect(shards.map((s) => s.count)).toEqual([4, 3, 3]);
    expect([...shards[1]!.y]).toEqual([data.y[1], data.y[4], data.y[7]]);
    expect(shards[1]!.x.subarray(64, 128)).toEqual(data.x.subarray(4 * 64, 5 * 64));
  });

  it('cuts batches by step, wrapping around the shard', () => {
    const data = dataset.generateDigits(10, 1);
    expect([...dataset.batch(data, 3, 4).y]).toEqual([2, 3, 4, 5].map((i) => data.y[i]));
  });
});

describe('checkpoint', () => {
  it('round-trips the step, the variables and the optimizer state', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    try {
      expect(checkpoint.loadCheckpoint(dir)).toBeUndefined();
      const saved = {
        step: 150,
        variables: [{ name: 'dense1/bias', shape: [3], values: new Float32Array([1, -2, 0.5]) }],
        optimizer: [
          { name: 'iter', shape: [], values: new Float32Array([150]) },
          { name: 'dense1/bias/m', shape: [3], values: new Float32Array([0.25, 0, -1]) },
        ],
      };
      expect(checkpoint.saveCheckpoint(dir, saved)).toBe('model.ckpt');
      expect(checkpoint.loadCheckpoint(dir)).toEqual(saved);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
