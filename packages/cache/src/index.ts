/**
 * @kubekit/cache: client-go's tools/cache for TypeScript. Stores and indexers, the RealFIFO and
 * DeltaFIFO, the Reflector, shared informers and their factories, and listers.
 * @packageDocumentation
 */
export type { DeletedFinalStateUnknown } from './deleted-final-state-unknown';
export {
  deletedFinalStateUnknown,
  isDeletedFinalStateUnknown,
  objectOfDeletion,
} from './deleted-final-state-unknown';
export type { StoreErrorReason } from './store-error';
export { StoreError } from './store-error';
export type { KeyFunc, Store, StoreOptions } from './store';
export { newStore, metaNamespaceKeyFunc, deletionHandlingMetaNamespaceKeyFunc } from './store';
/** Re-exported from @kubekit/apimachinery, where it lives, for client-go familiarity. */
export { splitMetaNamespaceKey } from '@kubekit/apimachinery';
export type { IndexFunc, Indexers, Indexer, IndexerOptions } from './indexer';
export { newIndexer, metaNamespaceIndexFunc, NamespaceIndex } from './indexer';
export type {
  DeltaType,
  Delta,
  Deltas,
  DeltaFIFO,
  DeltaFIFOOptions,
  KeyListerGetter,
  PopProcessFunc,
  TransformFunc,
} from './delta-fifo';
export { newDeltaFIFO } from './delta-fifo';
export type { DeltaFIFOErrorReason } from './delta-fifo-error';
export { DeltaFIFOError, requeue } from './delta-fifo-error';
export type { RealFIFO, RealFIFOOptions, ProcessBatchFunc } from './the-real-fifo';
export { newRealFIFO } from './the-real-fifo';
export type {
  ListOptions,
  WatchOptions,
  ListerWatcher,
  RetryListener,
  TweakListOptionsFunc,
} from './listwatch';
export type { ReflectorErrorReason } from './reflector-error';
export { ReflectorError } from './reflector-error';
export type {
  Reflector,
  ReflectorBackoff,
  ReflectorOptions,
  ReflectorStore,
  ReflectorStats,
  ReflectorTuning,
  WatchErrorHandler,
} from './reflector';
export { newReflector, defaultWatchErrorHandler } from './reflector';
export type {
  ResourceEventHandler,
  ResourceEventHandlerRegistration,
  HandlerOptions,
  InformerEvent,
} from './resource-event-handler';
export type { SharedInformerErrorReason } from './shared-informer-error';
export { SharedInformerError } from './shared-informer-error';
export type { SharedIndexInformer, InformerHealth } from './shared-informer';
export type { SharedIndexInformerOptions, InformerFIFO } from './shared-informer-options';
export { newSharedIndexInformer } from './shared-informer';
export type { FIFO, FIFOOptions, FIFOProcessFunc } from './fifo';
export { newFIFO } from './fifo';
export type { UndeltaStoreOptions } from './undelta-store';
export { newUndeltaStore } from './undelta-store';
export type {
  ExpirationPolicy,
  ExpirationStoreOptions,
  TTLStoreOptions,
  TimestampedEntry,
} from './expiration-cache';
export { newExpirationStore, newTTLStore, ttlPolicy } from './expiration-cache';
export type { RetryWatcherOptions } from './retry-watcher';
export { newRetryWatcher } from './retry-watcher';
export type { CheckedInformer } from './informer-health-check';
export { informerHealthCheck } from './informer-health-check';
export type { InformerSynced, HasSynced } from './wait-for-cache-sync';
export { waitForCacheSync } from './wait-for-cache-sync';
export type { WaitForCacheSyncOptions } from './wait-for-cache-sync';
export type { Lister, NamespaceLister, SelectorInput } from './listers';
export { newLister, listAllByNamespace } from './listers';
export type {
  ListWatchFromClientOptions,
  ListWatchFromResourceClientOptions,
} from './list-watch-from-client';
export { listWatchFromClient, listWatchFromResourceClient } from './list-watch-from-client';
export type {
  SharedInformerFactory,
  SharedInformerFactoryOptions,
  DynamicSharedInformerFactory,
  DynamicSharedInformerFactoryOptions,
  ForResourceOptions,
  GenericInformer,
  InformerDefaults,
} from './shared-informer-factory';
export {
  newSharedInformerFactory,
  newDynamicSharedInformerFactory,
  stripManagedFields,
} from './shared-informer-factory';
