import { KubekitError } from './kubekit-error';

/** A key that is neither `name` nor `namespace/name`. */
export class ObjectKeyError extends KubekitError {
  static override readonly brand: string = '@kubekit/apimachinery/ObjectKeyError';

  /** The discriminant (one reason: the key has more than one `/`). */
  readonly reason = 'UnexpectedFormat' as const;
  /** The rejected key. */
  readonly key: string;

  constructor(key: string) {
    super(`unexpected key format: ${JSON.stringify(key)}`);
    this.key = key;
  }
}
