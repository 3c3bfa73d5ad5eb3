import { compareQuantities, formatQuantity, parseQuantity, type Quantity } from './quantity';

const q = (s: string): Quantity => {
  const parsed = parseQuantity(s);
  if (!parsed) throw new Error(`not a quantity: ${s}`);
  return parsed;
};

describe('quantities', () => {
  it.each([
    ['1', '1'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['0.5', '500m'],
    ['2000', '2k'],
    ['1500', '1500'],
    ['64Mi', '64Mi'],
    ['1.5Gi', '1536Mi'],
    ['1024Ki', '1Mi'],
    ['512Ki', '512Ki'],
    ['0Gi', '0'],
    ['-1', '-1'],
  ])('%s prints as %s', (text, canonical) => {
    expect(formatQuantity(q(text))).toBe(canonical);
  });

  it('compare by value whatever their notation', () => {
    expect(compareQuantities(q('1'), q('1000m'))).toBe(0);
    expect(compareQuantities(q('2'), q('1'))).toBe(1);
    expect(compareQuantities(q('1Gi'), q('1G'))).toBe(1);
    expect(compareQuantities(q('100M'), q('1Gi'))).toBe(-1);
  });

  it('rejects what is not a quantity', () => {
    expect(parseQuantity('1 Gi')).toBeUndefined();
    expect(parseQuantity('abc')).toBeUndefined();
  });
});
