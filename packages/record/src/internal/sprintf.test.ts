import { sprintf } from './sprintf';

describe('sprintf (Go verbs for eventf)', () => {
  it.each([
    ['Created pod: %s', ['web-0'], 'Created pod: web-0'],
    ['%d replicas, %v ready', [3, true], '3 replicas, true ready'],
    ['%d of %d', [2.9, 5n], '2 of 5'],
    ['quoted %q', ['a "b"'], 'quoted "a \\"b\\""'],
    ['%.2f%% done, %f', [99.456, 1], '99.46% done, 1.000000'],
    ['%t/%t', [1, 0], 'true/false'],
    ['%x', [255], 'ff'],
    ['error: %v', [new Error('boom')], 'error: boom'],
    ['obj %v nil %v', [{ a: 1 }, null], 'obj {"a":1} nil <nil>'],
  ])('formats %j', (format, args, expected) => {
    expect(sprintf(format, args)).toBe(expected);
  });

  it('marks missing and extra arguments like Go', () => {
    expect(sprintf('%s and %s', ['one'])).toBe('one and %!s(MISSING)');
    expect(sprintf('%s', ['one', 2, 'three'])).toBe('one%!(EXTRA 2, three)');
    expect(sprintf('%d', ['x'])).toBe('%!d(x)');
  });
});
