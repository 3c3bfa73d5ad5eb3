/**
 * @kubekit/record/testing: a FakeRecorder that keeps recorded events in memory, for testing
 * code that records events.
 * @packageDocumentation
 */
export { FakeRecorder } from './fake-recorder';
export type { RecordedEvent } from './fake-recorder';
