import { splitLines, unifiedDiff } from './unified-diff';

describe('unifiedDiff', () => {
  it('prints one hunk with three lines of context and no file header', () => {
    const before = ['{', ' "A": 1,', ' "B": 2,', ' "C": 3,', ' "D": 4,', ' "E": 5', '}'].join('\n');
    const after = before.replace('"C": 3', '"C": 4');
    expect(unifiedDiff(before, after)).toBe(
      '@@ -1,7 +1,7 @@\n {\n  "A": 1,\n  "B": 2,\n- "C": 3,\n+ "C": 4,\n  "D": 4,\n  "E": 5\n }\n',
    );
    expect(unifiedDiff(before, before)).toBe('');
  });

  it('splits long texts into hunks and matches popular lines as difflib does', () => {
    // 240 lines in which "Value": null and the braces are "popular" (autojunk)
    const items = Array.from({ length: 60 }, (_, i) => [
      '  {',
      `   "Name": "c${i}",`,
      '   "Value": null',
      '  },',
    ]);
    const before = items.flat();
    const after = [...before];
    after[41] = '   "Name": "changed",';
    after.splice(200, 0, '  {},');
    after.splice(120, 1);
    expect(unifiedDiff(before.join('\n'), after.join('\n'))).toBe(
      '@@ -39,7 +39,7 @@\n    "Value": null\n   },\n   {\n-   "Name": "c10",\n+   "Name": "changed",\n    "Value": null\n   },\n   {\n' +
        '@@ -118,7 +118,6 @@\n    "Name": "c29",\n    "Value": null\n   },\n-  {\n    "Name": "c30",\n    "Value": null\n   },\n' +
        '@@ -198,6 +197,7 @@\n    "Name": "c49",\n    "Value": null\n   },\n+  {},\n   {\n    "Name": "c50",\n    "Value": null\n',
    );
  });

  it('splits lines as difflib.SplitLines (the last one gets a newline)', () => {
    expect(splitLines('a\nb')).toEqual(['a\n', 'b\n']);
    expect(splitLines('a\n')).toEqual(['a\n', '\n']);
  });
});
