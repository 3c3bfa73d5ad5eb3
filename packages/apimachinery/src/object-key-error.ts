import { ReasonedError } from './reasoned-error';

/**
 * A key that is neither `name` nor `namespace/name`; one reason, `UnexpectedFormat` (the key has
 * more than one `/`).
 */
export class ObjectKeyError extends ReasonedError<'UnexpectedFormat'> {
  static override readonly brand: string = '@kubekit/apimachinery/ObjectKeyError';

  /** The rejected key. */
  readonly key: string;

  constructor(key: string) {
    super('UnexpectedFormat', `unexpected key format: ${JSON.stringify(key)}`);
    this.key = key;
  }
}
