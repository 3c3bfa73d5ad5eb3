import { clone } from './json';

describe('clone', () => {
  it('copies JSON objects deeply', () => {
    const src = { a: [1, { b: 'x' }], c: { d: null, e: true }, f: undefined };
    const copy = clone(src);
    expect(copy).toEqual(src);
    expect('f' in copy).toBe(true);
    copy.a.push(2);
    (copy.a[1] as { b: string }).b = 'y';
    copy.c.e = false;
    expect(src).toEqual({ a: [1, { b: 'x' }], c: { d: null, e: true }, f: undefined });
  });

  it('keeps an own "__proto__" key a key, without changing the prototype', () => {
    const src = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const copy = clone(src);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'x']);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
  });

  it('copies what is not plain JSON (a Date) as structuredClone does', () => {
    const at = new Date(0);
    const copy = clone({ at });
    expect(Object.prototype.toString.call(copy.at)).toBe('[object Date]'); // jest's realm has its own Date
    expect(copy.at).not.toBe(at);
    expect(copy.at.getTime()).toBe(0);
  });
});
