/**
 * @kubekit/cache/testing: test doubles for code built on informers.
 * @packageDocumentation
 */
export type { FakeListerWatcher, FakeListerWatcherOptions, FakeWatch } from './fake-lister-watcher';
export { createFakeListerWatcher } from './fake-lister-watcher';
