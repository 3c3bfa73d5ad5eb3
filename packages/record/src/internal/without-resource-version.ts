import type { CoreEvent } from '../event';

/** `event` without `metadata.resourceVersion`: what a create sends (the server sets it). */
export function withoutResourceVersion(event: CoreEvent): CoreEvent {
  const { resourceVersion: _ignored, ...metadata } = event.metadata;
  return { ...event, metadata };
}
