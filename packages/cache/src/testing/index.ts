/**
 * @kubekit/cache/testing: test doubles for code built on informers.
 * @packageDocumentation
 */
export type { FakeListerWatcher, FakeListerWatcherOptions, FakeWatch } from './fake-lister-watcher';
export { newFakeListerWatcher } from './fake-lister-watcher';
