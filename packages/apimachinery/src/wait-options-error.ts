import { ReasonedError } from './reasoned-error';

/** An option of a backoff or wait helper was out of range; one reason, `InvalidOption`. */
export class WaitOptionsError extends ReasonedError<'InvalidOption'> {
  static override readonly brand: string = '@kubekit/apimachinery/WaitOptionsError';

  /** The name of the offending option, e.g. `factor`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super('InvalidOption', `invalid option ${option}: ${message}`);
    this.option = option;
  }
}

/** Throws {@link WaitOptionsError} unless `value` is a finite number >= 0 (or > 0). */
export function checkDuration(option: string, value: number, positive = false): void {
  if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new WaitOptionsError(
      option,
      `must be a finite number ${positive ? '> 0' : '>= 0'}, got ${value}`,
    );
  }
}
