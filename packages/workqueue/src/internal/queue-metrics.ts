import type { Clock } from '../clock';
import type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  MetricsProvider,
  SettableGaugeMetric,
} from '../metrics';
import { noopMetricsProvider } from '../metrics';

/** How often the unfinished-work gauges are refreshed while items are in flight (client-go's value). */
export const UNFINISHED_WORK_UPDATE_MS = 500;

/** The bookkeeping a queue does for its metrics; called at the matching queue operations. */
export interface QueueMetrics<T> {
  /** An item became dirty (was really added). */
  add(item: T): void;
  /** A worker got an item. */
  get(item: T): void;
  /** A worker finished an item. */
  done(item: T): void;
  /** The queue shut down: stop refreshing the unfinished-work gauges. */
  shutDown(): void;
}

const noQueueMetrics: QueueMetrics<never> = {
  add() {},
  get() {},
  done() {},
  shutDown() {},
};

/**
 * The metrics of one queue: nothing at all unless the queue has a name and a real provider
 * (as in client-go). The unfinished-work gauges are refreshed by a timer that runs only while an
 * item is in flight, so an idle queue holds no timer.
 */
export function newQueueMetrics<T>(options: {
  name: string | undefined;
  provider: MetricsProvider | undefined;
  clock: Clock;
}): QueueMetrics<T> {
  const { name, provider, clock } = options;
  if (!name || provider === undefined || provider === noopMetricsProvider) return noQueueMetrics;
  return new ProviderQueueMetrics<T>(name, provider, clock);
}

class ProviderQueueMetrics<T> implements QueueMetrics<T> {
  private readonly depth: GaugeMetric;
  private readonly adds: CounterMetric;
  private readonly latency: HistogramMetric;
  private readonly workDuration: HistogramMetric;
  private readonly unfinishedWorkSeconds: SettableGaugeMetric;
  private readonly longestRunningProcessor: SettableGaugeMetric;
  /** When each queued item was first added; entries exist from add until get. */
  private readonly addTimes = new Map<T, number>();
  /** When each in-flight item was handed to a worker; entries exist from get until done. */
  private readonly processingStartTimes = new Map<T, number>();
  /** The refresh timer; set exactly while items are in flight and the queue is running. */
  private timer: unknown = undefined;
  private stopped = false;

  constructor(
    name: string,
    provider: MetricsProvider,
    private readonly clock: Clock,
  ) {
    this.depth = provider.newDepthMetric(name);
    this.adds = provider.newAddsMetric(name);
    this.latency = provider.newLatencyMetric(name);
    this.workDuration = provider.newWorkDurationMetric(name);
    this.unfinishedWorkSeconds = provider.newUnfinishedWorkSecondsMetric(name);
    this.longestRunningProcessor = provider.newLongestRunningProcessorSecondsMetric(name);
  }

  add(item: T): void {
    this.adds.inc();
    this.depth.inc();
    if (!this.addTimes.has(item)) this.addTimes.set(item, this.clock.now());
  }

  get(item: T): void {
    const now = this.clock.now();
    this.depth.dec();
    this.processingStartTimes.set(item, now);
    const addedAt = this.addTimes.get(item);
    if (addedAt !== undefined) {
      this.latency.observe(seconds(now - addedAt));
      this.addTimes.delete(item);
    }
    this.armTimer();
  }

  done(item: T): void {
    const startedAt = this.processingStartTimes.get(item);
    if (startedAt === undefined) return;
    this.workDuration.observe(seconds(this.clock.now() - startedAt));
    this.processingStartTimes.delete(item);
    if (this.processingStartTimes.size === 0 && !this.stopped) {
      this.disarmTimer();
      this.updateUnfinishedWork();
    }
  }

  shutDown(): void {
    this.stopped = true;
    this.disarmTimer();
  }

  private armTimer(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.updateUnfinishedWork();
      if (this.processingStartTimes.size > 0) this.armTimer();
    }, UNFINISHED_WORK_UPDATE_MS);
  }

  private disarmTimer(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private updateUnfinishedWork(): void {
    const now = this.clock.now();
    let total = 0;
    let oldest = 0;
    for (const startedAt of this.processingStartTimes.values()) {
      const age = seconds(now - startedAt);
      total += age;
      if (age > oldest) oldest = age;
    }
    this.unfinishedWorkSeconds.set(total);
    this.longestRunningProcessor.set(oldest);
  }
}

function seconds(ms: number): number {
  return ms / 1000;
}
