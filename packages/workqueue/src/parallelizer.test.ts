import { parallelizeUntil } from './parallelizer';

describe('parallelizeUntil (client-go workqueue.ParallelizeUntil)', () => {
  it.each([
    { pieces: 1000, workers: 1, chunkSize: undefined },
    { pieces: 1000, workers: 10, chunkSize: undefined },
    { pieces: 1000, workers: 10, chunkSize: 3 },
    { pieces: 1000, workers: 10, chunkSize: 2000 },
    { pieces: 7, workers: 30, chunkSize: 2 },
    { pieces: 0, workers: 4, chunkSize: undefined },
  ])(
    'TestParallelizeUntil: does every piece exactly once (%o)',
    async ({ pieces, workers, chunkSize }) => {
      const seen = new Array<number>(pieces).fill(0);
      let running = 0;
      let mostRunning = 0;
      await parallelizeUntil({
        workers,
        pieces,
        ...(chunkSize ? { chunkSize } : {}),
        doWorkPiece: async (piece) => {
          running++;
          mostRunning = Math.max(mostRunning, running);
          await new Promise<void>((resolve) => setImmediate(resolve));
          seen[piece]!++;
          running--;
        },
      });
      expect(seen.every((n) => n === 1)).toBe(true);
      const chunks = Math.ceil(pieces / (chunkSize ?? 1));
      expect(mostRunning).toBe(Math.min(workers, chunks));
    },
  );

  it('starts no piece once the signal aborted, and resolves when the running ones finished', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    let finished = 0;
    await parallelizeUntil({
      workers: 4,
      pieces: 100,
      signal: controller.signal,
      doWorkPiece: async (piece) => {
        started.push(piece);
        if (piece === 5) controller.abort();
        await new Promise<void>((resolve) => setImmediate(resolve));
        finished++;
      },
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(finished).toBe(started.length);
    await parallelizeUntil({
      workers: 1,
      pieces: 3,
      signal: controller.signal,
      doWorkPiece: () => {
        throw new Error('must not run');
      },
    });
  });

  it('stops at the first failing piece and rejects with its error after the running ones settled', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = parallelizeUntil({
      workers: 3,
      pieces: 50,
      doWorkPiece: async (piece) => {
        started.push(piece);
        await new Promise<void>((resolve) => setImmediate(resolve));
        settled++;
        if (piece === 4) throw new Error('piece 4 failed');
      },
    });
    await expect(run).rejects.toThrow('piece 4 failed');
    expect(settled).toBe(started.length);
    expect(started.length).toBeLessThan(10);
  });

  it('validates workers, pieces and chunkSize', () => {
    const doWorkPiece = () => {};
    for (const bad of [
      { workers: 0, pieces: 1 },
      { workers: 1.5, pieces: 1 },
      { workers: 1, pieces: -1 },
      { workers: 1, pieces: 1, chunkSize: 0 },
    ])
      expect(() => parallelizeUntil({ ...bad, doWorkPiece })).toThrow(
        expect.objectContaining({ reason: 'InvalidOptions' }),
      );
  });
});
