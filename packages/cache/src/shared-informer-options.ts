/**
 * The options of a shared informer.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/shared_informer.go
 * @packageDocumentation
 */
import type { GroupVersionKind, KubeObject } from '@kubekit/apimachinery';
import type { TransformFunc } from './delta-fifo';
import type { Indexers } from './indexer';
import type { ListerWatcher } from './listwatch';
import type { ReflectorTuning } from './reflector-options';
import { SharedInformerError } from './shared-informer-error';

/** Options of {@link newSharedIndexInformer}. */
export interface SharedIndexInformerOptions<T extends KubeObject> extends ReflectorTuning {
  /** Where objects come from. */
  listerWatcher: ListerWatcher<T>;
  /** Names the informer in errors; default `informer`. */
  name?: string | undefined;
  /** See ReflectorOptions.expectedGVK: watch events of another kind never enter the cache. */
  expectedGVK?: GroupVersionKind | undefined;
  /** Default resync period of handlers (ms); 0 (default) never resyncs. */
  resyncPeriodMs?: number | undefined;
  /** Extra indices; the namespace index is built in. */
  indexers?: Indexers<T> | undefined;
  /**
   * Applied once to every object before it is cached and handed to handlers (e.g. to drop
   * fields). Must be idempotent and return a plain object.
   */
  transform?: TransformFunc<T> | undefined;
  /**
   * Notifications a handler may have waiting before new ones for the same key are merged into
   * waiting ones (see {@link ResourceEventHandler}); default 1024.
   */
  bufferSize?: number | undefined;
  /** Gets errors thrown by handlers; default `console.error`. */
  handlerErrorHandler?: ((error: unknown, context: { informer: string }) => void) | undefined;
  /**
   * The queue between the Reflector and the cache. `'RealFIFO'` (default, client-go's default
   * since 1.33, the InOrderInformers feature) hands every change over in arrival order, and on a
   * relist the deletions before the listed objects. `'DeltaFIFO'` is the pre-1.33 order: the
   * changes of a key are merged and handed over together, keys in first-queued order.
   */
  fifo?: InformerFIFO | undefined;
}

/** The queue kinds an informer can run on; see {@link SharedIndexInformerOptions.fifo}. */
export type InformerFIFO = 'RealFIFO' | 'DeltaFIFO';

/**
 * Throws {@link SharedInformerError} `InvalidOptions` for a missing listerWatcher, an unknown
 * fifo, or a negative resyncPeriodMs or bufferSize.
 */
export function checkSharedIndexInformerOptions<T extends KubeObject>(
  options: SharedIndexInformerOptions<T>,
): void {
  if (!options.listerWatcher) {
    throw new SharedInformerError(
      'InvalidOptions',
      'newSharedIndexInformer: listerWatcher is required',
    );
  }
  if (options.fifo !== undefined && options.fifo !== 'RealFIFO' && options.fifo !== 'DeltaFIFO') {
    throw new SharedInformerError(
      'InvalidOptions',
      `newSharedIndexInformer: fifo must be 'RealFIFO' or 'DeltaFIFO', got ${String(options.fifo)}`,
    );
  }
  for (const key of ['resyncPeriodMs', 'bufferSize'] as const) {
    const value = options[key];
    if (value !== undefined && !(value >= 0)) {
      throw new SharedInformerError(
        'InvalidOptions',
        `newSharedIndexInformer: ${key} must be >= 0, got ${value}`,
      );
    }
  }
}
