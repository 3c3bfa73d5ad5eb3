import { ReasonedError } from '@kubekit/apimachinery';

/** Why a {@link SharedInformerError} was thrown. */
export type SharedInformerErrorReason =
  /** `run` was called on an informer that is already running (or ran). */
  | 'AlreadyStarted'
  /** The informer has stopped: it takes no more handlers and cannot run again. */
  | 'Stopped'
  /** Thrown by newSharedIndexInformer for missing or out-of-range options. */
  | 'InvalidOptions';

/** Misuse of a shared informer. */
export class SharedInformerError extends ReasonedError<SharedInformerErrorReason> {
  static override readonly brand: string = '@kubekit/cache/SharedInformerError';
}
