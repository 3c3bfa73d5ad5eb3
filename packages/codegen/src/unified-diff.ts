/**
 * A small line-based unified diff (as `diff -u`), for `--verify` reports.
 * @packageDocumentation
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

/** The line operations turning `a` into `b` (longest common subsequence of the differing middle). */
function diffLines(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const m = endA - start;
  const n = endB - start;
  // lcs[i][j]: LCS length of a[start+i..endA) and b[start+j..endB)
  const lcs: Uint32Array[] = Array.from({ length: m + 1 }, () => new Uint32Array(n + 1));
  for (let i = m - 1; i >= 0; i--)
    for (let j = n - 1; j >= 0; j--)
      lcs[i]![j] =
        a[start + i] === b[start + j]
          ? lcs[i + 1]![j + 1]! + 1
          : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Op[] = a.slice(0, start).map((line) => ({ kind: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < m || j < n) {
    if (i < m && j < n && a[start + i] === b[start + j]) {
      ops.push({ kind: ' ', line: a[start + i]! });
      i++;
      j++;
    } else if (i < m && (j === n || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      ops.push({ kind: '-', line: a[start + i]! });
      i++;
    } else {
      ops.push({ kind: '+', line: b[start + j]! });
      j++;
    }
  }
  for (const line of a.slice(endA)) ops.push({ kind: ' ', line });
  return ops;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * A unified diff from `oldText` (labelled `oldName`) to `newText` with `context` lines around
 * each change; `''` when the texts are equal.
 */
export function unifiedDiff(
  oldName: string,
  newName: string,
  oldText: string,
  newText: string,
  context = 3,
): string {
  if (oldText === newText) return '';
  const ops = diffLines(splitLines(oldText), splitLines(newText));
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  const changes = ops.flatMap((o, i) => (o.kind === ' ' ? [] : [i]));
  let h = 0;
  while (h < changes.length) {
    let last = h;
    while (last + 1 < changes.length && changes[last + 1]! - changes[last]! <= 2 * context + 1)
      last++;
    const from = Math.max(0, changes[h]! - context);
    const to = Math.min(ops.length, changes[last]! + 1 + context);
    const before = ops.slice(0, from);
    const hunk = ops.slice(from, to);
    const oldLen = hunk.filter((o) => o.kind !== '+').length;
    const newLen = hunk.filter((o) => o.kind !== '-').length;
    const oldStart = before.filter((o) => o.kind !== '+').length + (oldLen ? 1 : 0);
    const newStart = before.filter((o) => o.kind !== '-').length + (newLen ? 1 : 0);
    out.push(`@@ -${oldStart},${oldLen} +${newStart},${newLen} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
    h = last + 1;
  }
  return `${out.join('\n')}\n`;
}
