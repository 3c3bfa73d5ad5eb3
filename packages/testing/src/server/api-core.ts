import type { GenericStore } from '../storage/generic-store';
import type { Registry } from './registry';
import type { Store } from '../storage/store';
import type { WatchHub } from '../storage/watch-hub';

/** What the pod `log` subresource asks the runner for. */
export interface PodLogRequest {
  namespace: string;
  name: string;
  container?: string;
  /** Lines from the end (`tailLines`), when asked. */
  tailLines?: number;
  previous: boolean;
}

/**
 * Supplies pod logs (the LocalKubelet's role): the text, or undefined for none. A thrown
 * StatusError (e.g. `newBadRequest`) is the answer, as the kubelet's errors are.
 */
export type PodLogHook = (req: PodLogRequest) => string | undefined | Promise<string | undefined>;

/** The server's state shared by every handler. */
export interface ApiCore {
  readonly store: Store;
  readonly registry: Registry;
  readonly generic: GenericStore;
  readonly hub: WatchHub;
  now(): Date;
  podLogs?: PodLogHook;
}
