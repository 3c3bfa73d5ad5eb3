import { inspect } from 'node:util';
import { KubekitError } from './kubekit-error';
import { ReasonedError } from './reasoned-error';
import type * as ReasonedErrorModule from './reasoned-error';

type DemoReason = 'Broken' | 'Missing';

class DemoError extends ReasonedError<DemoReason> {
  static override readonly brand: string = '@kubekit/test/DemoError';
}

class OtherError extends ReasonedError<'Other'> {
  static override readonly brand: string = '@kubekit/test/OtherError';
}

/** A subclass with a field of its own set after super(), as ConfigError and RequestError do. */
class LocatedError extends ReasonedError<'Invalid'> {
  static override readonly brand: string = '@kubekit/test/LocatedError';
  readonly field: string;

  constructor(field: string, message: string) {
    super('Invalid', `${message} (field ${field})`);
    this.field = field;
  }
}

describe('ReasonedError', () => {
  it('keeps reason, message, cause and names the error after its class', () => {
    const cause = new Error('disk full');
    const err = new DemoError('Broken', 'the thing broke', { cause });

    expect(err.reason).toBe('Broken');
    expect(err.message).toBe('the thing broke');
    expect(err.cause).toBe(cause);
    expect(err.name).toBe('DemoError');
    expect(String(err)).toBe('DemoError: the thing broke');
    expect(err.stack).toContain('DemoError: the thing broke');
  });

  it('leaves cause unset when none is given', () => {
    const err = new DemoError('Missing', 'gone');
    expect('cause' in err).toBe(false);
  });

  it('keeps the reason of a subclass that sets fields of its own', () => {
    const err = new LocatedError('spec.replicas', 'must be >= 0');
    expect(err.reason).toBe('Invalid');
    expect(err.field).toBe('spec.replicas');
    expect(err.message).toBe('must be >= 0 (field spec.replicas)');
  });

  it('is matched by its own class, ReasonedError and KubekitError, and not by a sibling', () => {
    const err: unknown = new DemoError('Broken', 'x');

    expect(DemoError.isInstance(err)).toBe(true);
    expect(ReasonedError.isInstance(err)).toBe(true);
    expect(KubekitError.isInstance(err)).toBe(true);
    expect(OtherError.isInstance(err)).toBe(false);
    expect(DemoError.isInstance(new OtherError('Other', 'y'))).toBe(false);
    expect(DemoError.isInstance(new Error('plain'))).toBe(false);
    expect(DemoError.isInstance(undefined)).toBe(false);
  });

  it('narrows to the subclass so that reason has its union type', () => {
    const err: unknown = new DemoError('Missing', 'gone');
    if (!DemoError.isInstance(err)) throw new Error('expected a DemoError');
    const reason: DemoReason = err.reason;
    expect(reason).toBe('Missing');
  });

  it('is recognised by a second copy of the module (as with the ESM and CJS builds)', () => {
    let copy!: typeof ReasonedErrorModule;
    jest.isolateModules(() => {
      copy = jest.requireActual<typeof ReasonedErrorModule>('./reasoned-error');
    });
    expect(copy.ReasonedError).not.toBe(ReasonedError);

    class CopiedDemoError extends copy.ReasonedError<DemoReason> {
      static override readonly brand: string = '@kubekit/test/DemoError';
    }
    const fromCopy = new CopiedDemoError('Broken', 'made by the other copy');

    expect(fromCopy instanceof DemoError).toBe(false);
    expect(DemoError.isInstance(fromCopy)).toBe(true);
    expect(ReasonedError.isInstance(fromCopy)).toBe(true);
    expect(CopiedDemoError.isInstance(new DemoError('Broken', 'made here'))).toBe(true);
  });

  it('shows only its message, reason and own fields in inspect()', () => {
    const err = new LocatedError('token', 'must not be empty');
    const shown = inspect(err);
    expect(shown).toContain("reason: 'Invalid'");
    expect(shown).toContain("field: 'token'");
    // The brands are non-enumerable bookkeeping, not part of what is printed.
    expect(shown).not.toContain('@kubekit/test/LocatedError');
  });
});
