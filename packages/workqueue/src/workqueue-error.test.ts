import { WorkqueueError } from './workqueue-error';

describe('WorkqueueError', () => {
  it('has a name, a reason and a cause', () => {
    const cause = new Error('root');
    const err = new WorkqueueError('bad', { reason: 'InvalidOptions', cause });
    expect(err.name).toBe('WorkqueueError');
    expect(err.reason).toBe('InvalidOptions');
    expect(err.cause).toBe(cause);
    expect(err).toBeInstanceOf(Error);
  });

  it('is matched by brand, so a copy from another build of the package still matches', () => {
    const brands = Symbol.for('@kubekit/error-brands');
    const fromOtherCopy = Object.defineProperty(new Error('x'), brands, {
      value: ['@kubekit/workqueue/WorkqueueError', '@kubekit/apimachinery/KubekitError'],
    });
    expect(WorkqueueError.isInstance(fromOtherCopy)).toBe(true);
    expect(WorkqueueError.isInstance(new Error('x'))).toBe(false);
    expect(WorkqueueError.isInstance(null)).toBe(false);
    expect(WorkqueueError.isInstance('WorkqueueError')).toBe(false);
  });

  it("carries apimachinery's KubekitError brand, so KubekitError.isInstance matches it", () => {
    const err = new WorkqueueError('bad', { reason: 'InvalidOptions' });
    const brands = (err as unknown as Record<symbol, string[]>)[
      Symbol.for('@kubekit/error-brands')
    ];
    expect(brands).toContain('@kubekit/apimachinery/KubekitError');
  });
});
