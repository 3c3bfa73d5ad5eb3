import { findJsonPath, parseJsonPath } from './jsonpath';

const obj = {
  metadata: { name: 'j1', labels: { 'app.kubernetes.io/name': 'x', b: 'B' } },
  status: {
    conditions: [
      { type: 'Created', status: 'True' },
      { type: 'Running', status: 'True' },
      { type: 'Succeeded', status: 'True', reason: 'Done', message: 'a==b' },
    ],
    items: [
      { name: 'one', n: 1 },
      { name: 'two', n: 3 },
      { name: 'three', n: 5 },
    ],
    empty: [],
  },
};

describe('findJsonPath (client-go util/jsonpath subset)', () => {
  it.each([
    ['.metadata.name', ['j1']],
    ['{.metadata.name}', ['j1']],
    [".metadata.labels['app.kubernetes.io/name']", ['x']],
    ['.status.conditions[0].type', ['Created']],
    ['.status.conditions[-1].type', ['Succeeded']],
    ['.status.conditions[-1:].type', ['Succeeded']],
    ['.status.conditions[-2:].type', ['Running', 'Succeeded']],
    ['.status.conditions[1:2].type', ['Running']],
    ['.status.conditions[:-1].type', ['Created', 'Running']],
    ['.status.conditions[0:3:2].type', ['Created', 'Succeeded']],
    ['.status.conditions[*].type', ['Created', 'Running', 'Succeeded']],
    ['.status.conditions[1:1].type', []],
    ['.status.missing[-1:].type', []],
    ['.spec.replicas', []],
    ['.status.conditions[?(@.type=="Running")].status', ['True']],
    [".status.conditions[?(@.type!='Running')].type", ['Created', 'Succeeded']],
    ['.status.conditions[?(@.reason)].type', ['Succeeded']],
    ['.status.items[?(@.n>2)].name', ['two', 'three']],
    ['.status.items[?(@.n<=1)].name', ['one']],
    ['.status.items[?(@.n>=3)].name', ['two', 'three']],
    ['.status.items[?(@.n<3)].name', ['one']],
    ['.status.items[?(@.missing=="x")].name', []],
    ['.status.conditions[?(@.message=="a==b")].type', ['Succeeded']],
    ['.status.conditions[0,2].type', ['Created', 'Succeeded']],
    ['.status.conditions[2,0:2].type', ['Succeeded', 'Created', 'Running']],
    [".metadata.labels['b','app.kubernetes.io/name']", ['B', 'x']],
    ['..reason', ['Done']],
    ['.status..n', [1, 3, 5]],
  ])('%s selects %j', (path, want) => {
    expect(findJsonPath(obj, path)).toEqual(want);
  });

  it.each([
    ['.status.empty[-1:].type', /out of bounds: index -1, length 0/],
    ['.status.conditions[3]', /out of bounds: index 3, length 3/],
    ['.status.conditions[0:4]', /out of bounds: index 3, length 3/],
    ['.status.conditions[2:1]', /starting index 2 is greater than ending index 1/],
    ['.status.conditions[0:2:0]', /step must be > 0/],
    ['.metadata.name[0]', /string is not array or slice/],
    ['.metadata[?(@.name)]', /object is not array or slice and cannot be filtered/],
    ['.status.items[?(@.n=="1")]', /incompatible types for comparison: number and string/],
    [
      '.status.conditions[?(@.status<true)]',
      /incompatible types for comparison: string and boolean/,
    ],
  ])('%s fails: %s', (path, err) => {
    expect(() => findJsonPath(obj, path)).toThrow(err);
  });

  it('names the path and the fault when it cannot parse', () => {
    expect(() => parseJsonPath('.status.conditions[x]')).toThrow(
      'jsonpath .status.conditions[x]: "x" is not an integer',
    );
    expect(() => parseJsonPath('.status[0')).toThrow('unclosed [ at offset 7');
    expect(() => parseJsonPath('.a.')).toThrow('empty field name at offset 2');
    expect(() => parseJsonPath('.a[?(@.b==x)]')).toThrow('unrecognized filter operand "x"');
  });
});
