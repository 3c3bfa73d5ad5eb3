import type { Clock } from './clock';
import { realClock } from './clock';
import type { RateLimiter } from './default-rate-limiters';
import { defaultControllerRateLimiter } from './default-rate-limiters';
import type { CounterMetric } from './metrics';
import type { GetOptions, GetResult, QueueOptions } from './queue';
import type { RateLimitingQueue } from './rate-limiting-queue';
import { abortReason, GetWaiters, QueueShutdown } from './internal/get-waiters';
import { newQueueMetrics, type QueueMetrics } from './internal/queue-metrics';
import { WaitForHeap } from './internal/wait-for-heap';
import { WaitingItems } from './internal/waiting-items';
import { checkOption } from './workqueue-error';

/**
 * The priority of items that reflect no change: objects of an informer's initial list and
 * resyncs (controller-runtime's `handler.LowPriority`). The default priority is 0.
 */
export const LowPriority = -100;

/** How an item is added to a {@link PriorityQueue} (controller-runtime's `AddOpts`). */
export interface AddOptions {
  /** Adds the item after this many ms instead of now. */
  afterMs?: number | undefined;
  /** Adds the item after the rate limiter's delay (the shorter of it and `afterMs`, if set). */
  rateLimited?: boolean | undefined;
  /** Higher goes first; default 0 (see {@link LowPriority}). */
  priority?: number | undefined;
}

/** What {@link PriorityQueue.getWithPriority} resolves to: the item and its priority. */
export type PriorityGetResult<T> =
  | { readonly shutdown: false; readonly item: T; readonly priority: number }
  | { readonly shutdown: true; readonly item?: undefined; readonly priority?: undefined };

/**
 * A {@link RateLimitingQueue} that hands out higher priorities first, and that ages: an item's
 * priority rises by one for every {@link PriorityQueueOptions.priorityAgingMs} it waits, so a
 * low-priority item is never starved by a stream of higher ones (controller-runtime's queue
 * starves them, controller-runtime#3496).
 *
 * Order: by `addedAt - priority * priorityAgingMs`, earliest first. Equal priorities are FIFO; an
 * item of priority p goes before one of priority p - 1 added up to `priorityAgingMs` earlier,
 * and after it beyond that. With the default 100 ms, a {@link LowPriority} item goes before every
 * priority-0 item added more than 10 s after it: a steady stream of changes cannot starve it.
 * Aging bounds the rank, not the wall time: a queue that receives more than its workers do
 * still makes the item wait for everything ranked before it.
 *
 * The {@link Queue} guarantees hold: an item is queued once (adding it again keeps the better
 * of its two positions and the higher priority), and never handed to two workers at once (an
 * item added while processed is queued again at `done`). A delayed add (`addAfter`,
 * `addRateLimited`) of an item being processed keeps the priority it was handed out with, as
 * controller-runtime's reconciler passes it back.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/controller/priorityqueue/priorityqueue.go
 */
export interface PriorityQueue<T = string> extends RateLimitingQueue<T> {
  /** Adds each item as `options` say; `add(item)` is `addWithOpts({}, item)`. */
  addWithOpts(options: AddOptions, ...items: T[]): void;
  /** Like {@link Queue.get}, with the priority the item was queued with. */
  getWithPriority(options?: GetOptions): Promise<PriorityGetResult<T>>;
}

/** Options of {@link newPriorityQueue}. */
export interface PriorityQueueOptions<T> extends QueueOptions {
  /**
   * How long an item waits to gain one priority level, in ms (> 0); default 100. `Infinity`
   * turns aging off: strict priority, as controller-runtime (lower priorities can starve).
   */
  priorityAgingMs?: number | undefined;
  /** Decides the retry delays; defaults to `defaultControllerRateLimiter` on `clock`. */
  rateLimiter?: RateLimiter<T> | undefined;
}

/** The aging used for `Infinity`: a century per level, strict priority in practice. */
const NO_AGING_MS = 3.15e12;

/**
 * Creates a {@link PriorityQueue}.
 *
 * @example
 * ```ts
 * const queue = newPriorityQueue<string>({ name: 'tfjobs' });
 * queue.addWithOpts({ priority: LowPriority }, 'default/from-initial-list');
 * queue.add('default/just-changed'); // handed out first
 * ```
 * @throws WorkqueueError `InvalidOptions` when `priorityAgingMs` is not positive.
 */
export function newPriorityQueue<T = string>(
  options: PriorityQueueOptions<T> = {},
): PriorityQueue<T> {
  const aging = options.priorityAgingMs ?? 100;
  checkOption(aging > 0, `priorityAgingMs must be > 0 (Infinity turns aging off), got ${aging}`);
  return new PriorityWorkQueue<T>(options, aging === Infinity ? NO_AGING_MS : aging);
}

/** Where an item stands in the ready order, and the priority it was queued with. */
interface Position {
  rank: number;
  priority: number;
}

const better = (a: Position, b: Position | undefined): Position =>
  b === undefined
    ? a
    : { rank: Math.min(a.rank, b.rank), priority: Math.max(a.priority, b.priority) };

class PriorityWorkQueue<T> implements PriorityQueue<T> {
  // Invariants: an item is in at most one of `ready` and `processing`; `priorities` has an entry
  // for every item of `ready`; `waiters` is non-empty only while `ready` is empty.
  /** Items to hand out, keyed by rank (addedAt - priority * aging), lowest first. */
  private readonly ready = new WaitForHeap<T>();
  private readonly priorities = new Map<T, number>();
  /** Items handed out: their priority, and their position if added again meanwhile ("dirty"). */
  private readonly processing = new Map<T, { priority: number; dirty: Position | undefined }>();
  /** Delayed adds, and the highest priority each was added with. */
  private readonly waiting: WaitingItems<T>;
  private readonly waitingPriority = new Map<T, number>();
  private readonly waiters = new GetWaiters<T>();
  private readonly shutdown = new QueueShutdown({
    onStart: () => {
      this.waiting.clear();
      this.waitingPriority.clear();
      this.metrics.shutDown();
      this.waiters.shutDown();
    },
    isDrained: () => this.processing.size === 0 && this.ready.size === 0,
  });
  private readonly clock: Clock;
  private readonly metrics: QueueMetrics<T>;
  private readonly retries: CounterMetric | undefined;
  private readonly rateLimiter: RateLimiter<T>;

  constructor(
    options: PriorityQueueOptions<T>,
    private readonly agingMs: number,
  ) {
    this.clock = options.clock ?? realClock;
    this.metrics = newQueueMetrics<T>({
      name: options.name,
      provider: options.metricsProvider,
      clock: this.clock,
    });
    this.retries =
      options.name && options.metricsProvider
        ? options.metricsProvider.newRetriesMetric(options.name)
        : undefined;
    this.rateLimiter =
      options.rateLimiter ?? defaultControllerRateLimiter<T>({ clock: this.clock });
    this.waiting = new WaitingItems<T>(
      this.clock,
      (item) => {
        const priority = this.waitingPriority.get(item) ?? 0;
        this.waitingPriority.delete(item);
        this.enqueue(item, priority);
      },
      () => this.shutdown.isShuttingDown,
    );
  }

  add(item: T): void {
    if (!this.shutdown.isShuttingDown) this.enqueue(item, 0);
  }

  addWithOpts(options: AddOptions, ...items: T[]): void {
    if (this.shutdown.isShuttingDown) return;
    for (const item of items) {
      let delay = options.afterMs ?? 0;
      if (options.rateLimited) {
        const limited = this.rateLimiter.when(item);
        if (!(delay > 0) || limited < delay) delay = limited;
      }
      const priority = options.priority ?? this.processing.get(item)?.priority ?? 0;
      if (options.afterMs !== undefined || options.rateLimited) this.retries?.inc();
      if (!(delay > 0)) {
        this.enqueue(item, priority);
        continue;
      }
      const known = this.waitingPriority.get(item);
      this.waitingPriority.set(item, known === undefined ? priority : Math.max(known, priority));
      this.waiting.add(item, delay);
    }
  }

  addAfter(item: T, delayMs: number): void {
    this.addWithOpts({ afterMs: delayMs }, item);
  }

  addRateLimited(item: T): void {
    this.addWithOpts({ rateLimited: true }, item);
  }

  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }

  len(): number {
    return this.ready.size;
  }

  async get(options: GetOptions = {}): Promise<GetResult<T>> {
    const next = await this.getWithPriority(options);
    return next.shutdown ? { shutdown: true } : { shutdown: false, item: next.item };
  }

  getWithPriority(options: GetOptions = {}): Promise<PriorityGetResult<T>> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.ready.size > 0) return Promise.resolve(this.take());
    if (this.shutdown.isShuttingDown) return Promise.resolve({ shutdown: true });
    return this.waiters.wait(signal) as Promise<PriorityGetResult<T>>;
  }

  done(item: T): void {
    const entry = this.processing.get(item);
    if (entry === undefined) return;
    this.processing.delete(item);
    this.metrics.done(item);
    if (entry.dirty) {
      this.push(item, entry.dirty);
      this.dispatch();
    } else {
      this.shutdown.checkDrained();
    }
  }

  shutDown(): void {
    this.shutdown.shutDown();
  }

  shutDownWithDrain(): Promise<void> {
    return this.shutdown.shutDownWithDrain();
  }

  shuttingDown(): boolean {
    return this.shutdown.isShuttingDown;
  }

  /** Queues `item` now at `priority`: ready, or dirty while it is being processed. */
  private enqueue(item: T, priority: number): void {
    const position: Position = { rank: this.clock.now() - priority * this.agingMs, priority };
    const processing = this.processing.get(item);
    if (processing !== undefined) {
      if (processing.dirty === undefined) this.metrics.add(item);
      processing.dirty = better(position, processing.dirty);
      return;
    }
    const queued = this.priorities.get(item);
    if (queued === undefined) this.metrics.add(item);
    this.push(item, position);
    this.dispatch();
  }

  /** Puts `item` in the ready heap at `position`, or moves it up there (never down). */
  private push(item: T, position: Position): void {
    const queued = this.priorities.get(item);
    this.priorities.set(
      item,
      queued === undefined ? position.priority : Math.max(queued, position.priority),
    );
    this.ready.insert(item, position.rank);
  }

  /** Moves the first ready item to `processing`. `ready` must not be empty. */
  private take(): PriorityGetResult<T> {
    const item = this.ready.pop()!.item;
    const priority = this.priorities.get(item) ?? 0;
    this.priorities.delete(item);
    this.processing.set(item, { priority, dirty: undefined });
    this.metrics.get(item);
    return { shutdown: false, item, priority };
  }

  /** Hands ready items to waiting gets, best first. */
  private dispatch(): void {
    while (this.ready.size > 0) {
      const waiter = this.waiters.next();
      if (waiter === undefined) return;
      waiter.resolve(this.take());
    }
  }
}
