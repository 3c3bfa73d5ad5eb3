import { checkOption } from './workqueue-error';

/** Options of {@link parallelizeUntil}. */
export interface ParallelizeOptions {
  /** How many pieces may run at once; an integer >= 1 (fewer run when there are fewer chunks). */
  workers: number;
  /** How many pieces of work there are: `doWorkPiece` is called with 0 .. pieces-1; >= 0. */
  pieces: number;
  /**
   * Does piece `piece`. May return a promise: a worker starts its next piece once it settles.
   * A throw or rejection stops the work (no new piece starts) and {@link parallelizeUntil}
   * rejects with the first such error once the pieces already running have settled.
   */
  doWorkPiece: (piece: number) => void | Promise<void>;
  /**
   * Pieces handed to a worker at a time (client-go's `WithChunkSize`): worth raising when pieces
   * far outnumber workers and each is small. Default 1.
   */
  chunkSize?: number;
  /**
   * Stops the work (Go's context): no piece starts after the abort, and {@link parallelizeUntil}
   * resolves once the pieces already running have settled. Check `signal.aborted` to tell a
   * complete run from a cancelled one, as in client-go.
   */
  signal?: AbortSignal;
}

/**
 * Runs `pieces` independent pieces of work on up to `workers` concurrent async workers, until
 * all are done or `signal` aborts (client-go's `workqueue.ParallelizeUntil`). Pieces are handed
 * out in order, in chunks of `chunkSize`; each piece runs at most once. Resolves once no piece is
 * running.
 *
 * Concurrency here is asynchronous: pieces overlap while they await (API calls, I/O); CPU-bound
 * synchronous pieces run one after the other on the event loop.
 *
 * @throws WorkqueueError `InvalidOptions` (synchronously) when `workers` is not an integer >= 1,
 * or `pieces` or `chunkSize` is not a non-negative / positive integer.
 * @example
 * ```ts
 * const pods = lister.list();
 * await parallelizeUntil({ workers: 16, pieces: pods.length, signal,
 *   doWorkPiece: (i) => client.delete(pods[i]!) });
 * ```
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/parallelizer.go
 */
export function parallelizeUntil(options: ParallelizeOptions): Promise<void> {
  const { workers, pieces, doWorkPiece, chunkSize = 1, signal } = options;
  checkOption(
    Number.isInteger(workers) && workers >= 1,
    `workers must be an integer >= 1, got ${workers}`,
  );
  checkOption(
    Number.isInteger(pieces) && pieces >= 0,
    `pieces must be an integer >= 0, got ${pieces}`,
  );
  checkOption(
    Number.isInteger(chunkSize) && chunkSize >= 1,
    `chunkSize must be an integer >= 1, got ${chunkSize}`,
  );
  const chunks = Math.ceil(pieces / chunkSize);
  let nextChunk = 0;
  let failed: { error: unknown } | undefined;
  const stopped = () => failed !== undefined || signal?.aborted === true;

  const worker = async (): Promise<void> => {
    while (nextChunk < chunks) {
      const start = nextChunk++ * chunkSize;
      const end = Math.min(start + chunkSize, pieces);
      for (let piece = start; piece < end; piece++) {
        if (stopped()) return;
        try {
          await doWorkPiece(piece);
        } catch (error) {
          failed ??= { error };
          return;
        }
      }
    }
  };
  const running = Array.from({ length: Math.min(workers, chunks) }, worker);
  return Promise.all(running).then(() => {
    if (failed) throw failed.error;
  });
}
