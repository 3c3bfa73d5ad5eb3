import { unifiedDiff } from './unified-diff';

const lines = (n: number, change?: [number, string]) =>
  Array.from({ length: n }, (_, i) =>
    change && change[0] === i ? change[1] : `line ${i + 1}`,
  ).join('\n') + '\n';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a', 'b', 'x\n', 'x\n')).toBe('');
  });

  it('shows one hunk with three lines of context around a change', () => {
    expect(unifiedDiff('old', 'new', lines(10), lines(10, [4, 'changed']))).toBe(
      [
        '--- old',
        '+++ new',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+changed',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    );
  });

  it('splits distant changes into separate hunks and handles added files', () => {
    const a = lines(30);
    const b = a.replace('line 2\n', 'two\n').replace('line 28\n', 'twenty-eight\n');
    expect(unifiedDiff('a', 'b', a, b).match(/^@@/gm)).toHaveLength(2);
    expect(unifiedDiff('/dev/null', 'b', '', 'x\ny\n')).toBe(
      '--- /dev/null\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n',
    );
  });
});
