/**
 * A line-based unified diff with the output of go-difflib (`difflib.GetUnifiedDiffString` with
 * three lines of context and no file names), which kube-apiserver's `diff.Diff` prints inside
 * some validation messages. go-difflib follows Python's `difflib.SequenceMatcher`: longest
 * matching blocks found recursively, and with "autojunk" lines that make up more than 1% of a
 * second text of 200 lines or more never start a match (they can only extend one). Hunks and
 * line numbers therefore match kube's byte for byte.
 *
 * @see https://github.com/pmezard/go-difflib/blob/master/difflib/difflib.go
 */

interface Match {
  a: number;
  b: number;
  size: number;
}

type Tag = 'equal' | 'replace' | 'delete' | 'insert';

interface OpCode {
  tag: Tag;
  i1: number;
  i2: number;
  j1: number;
  j2: number;
}

/** Where each line of `b` occurs, without the "popular" lines of a long `b`. */
function indexLines(b: readonly string[]): Map<string, number[]> {
  const b2j = new Map<string, number[]>();
  b.forEach((line, j) => {
    const at = b2j.get(line);
    if (at) at.push(j);
    else b2j.set(line, [j]);
  });
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1;
    for (const [line, at] of b2j) if (at.length > limit) b2j.delete(line);
  }
  return b2j;
}

class SequenceMatcher {
  private readonly b2j: Map<string, number[]>;

  constructor(
    private readonly a: readonly string[],
    private readonly b: readonly string[],
  ) {
    this.b2j = indexLines(b);
  }

  /** The longest block of equal lines in a[alo:ahi] and b[blo:bhi], earliest first. */
  private longestMatch(alo: number, ahi: number, blo: number, bhi: number): Match {
    const { a, b } = this;
    let best: Match = { a: alo, b: blo, size: 0 };
    let lengths = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of this.b2j.get(a[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (lengths.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > best.size) best = { a: i - k + 1, b: j - k + 1, size: k };
      }
      lengths = next;
    }
    // popular lines never start a match but may extend one
    while (best.a > alo && best.b > blo && a[best.a - 1] === b[best.b - 1])
      best = { a: best.a - 1, b: best.b - 1, size: best.size + 1 };
    while (
      best.a + best.size < ahi &&
      best.b + best.size < bhi &&
      a[best.a + best.size] === b[best.b + best.size]
    )
      best = { ...best, size: best.size + 1 };
    return best;
  }

  private matchingBlocks(): Match[] {
    const found: Match[] = [];
    const match = (alo: number, ahi: number, blo: number, bhi: number): void => {
      const m = this.longestMatch(alo, ahi, blo, bhi);
      if (m.size === 0) return;
      if (alo < m.a && blo < m.b) match(alo, m.a, blo, m.b);
      found.push(m);
      if (m.a + m.size < ahi && m.b + m.size < bhi) match(m.a + m.size, ahi, m.b + m.size, bhi);
    };
    match(0, this.a.length, 0, this.b.length);
    const merged: Match[] = [];
    for (const m of found) {
      const last = merged[merged.length - 1];
      if (last && last.a + last.size === m.a && last.b + last.size === m.b) last.size += m.size;
      else merged.push({ ...m });
    }
    merged.push({ a: this.a.length, b: this.b.length, size: 0 });
    return merged;
  }

  opCodes(): OpCode[] {
    const codes: OpCode[] = [];
    let i = 0;
    let j = 0;
    for (const m of this.matchingBlocks()) {
      const tag: Tag | undefined =
        i < m.a && j < m.b ? 'replace' : i < m.a ? 'delete' : j < m.b ? 'insert' : undefined;
      if (tag) codes.push({ tag, i1: i, i2: m.a, j1: j, j2: m.b });
      i = m.a + m.size;
      j = m.b + m.size;
      if (m.size > 0) codes.push({ tag: 'equal', i1: m.a, i2: i, j1: m.b, j2: j });
    }
    return codes;
  }

  /** The op codes cut into hunks with `n` lines of context. */
  groupedOpCodes(n: number): OpCode[][] {
    const codes = this.opCodes();
    if (codes.length === 0) codes.push({ tag: 'equal', i1: 0, i2: 1, j1: 0, j2: 1 });
    const first = codes[0]!;
    if (first.tag === 'equal')
      codes[0] = {
        ...first,
        i1: Math.max(first.i1, first.i2 - n),
        j1: Math.max(first.j1, first.j2 - n),
      };
    const last = codes[codes.length - 1]!;
    if (last.tag === 'equal')
      codes[codes.length - 1] = {
        ...last,
        i2: Math.min(last.i2, last.i1 + n),
        j2: Math.min(last.j2, last.j1 + n),
      };
    const groups: OpCode[][] = [];
    let group: OpCode[] = [];
    for (const c of codes) {
      let { i1, j1 } = c;
      if (c.tag === 'equal' && c.i2 - c.i1 > 2 * n) {
        group.push({ ...c, i2: Math.min(c.i2, c.i1 + n), j2: Math.min(c.j2, c.j1 + n) });
        groups.push(group);
        group = [];
        i1 = Math.max(c.i1, c.i2 - n);
        j1 = Math.max(c.j1, c.j2 - n);
      }
      group.push({ ...c, i1, j1 });
    }
    if (group.length > 0 && !(group.length === 1 && group[0]!.tag === 'equal')) groups.push(group);
    return groups;
  }
}

/** `start,length` of a hunk header (1-based; an empty range names the line before it). */
function formatRange(start: number, stop: number): string {
  const length = stop - start;
  if (length === 1) return String(start + 1);
  return `${length === 0 ? start : start + 1},${length}`;
}

/** Splits text into lines that keep their `\n`, the last one given one (difflib.SplitLines). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  lines.push(`${text.slice(start)}\n`);
  return lines;
}

/** The unified diff of two texts as go-difflib prints it (3 lines of context, no header). */
export function unifiedDiff(before: string, after: string): string {
  const a = splitLines(before);
  const b = splitLines(after);
  let out = '';
  for (const group of new SequenceMatcher(a, b).groupedOpCodes(3)) {
    const first = group[0]!;
    const last = group[group.length - 1]!;
    out += `@@ -${formatRange(first.i1, last.i2)} +${formatRange(first.j1, last.j2)} @@\n`;
    for (const c of group) {
      if (c.tag === 'equal') {
        for (const line of a.slice(c.i1, c.i2)) out += ` ${line}`;
        continue;
      }
      if (c.tag !== 'insert') for (const line of a.slice(c.i1, c.i2)) out += `-${line}`;
      if (c.tag !== 'delete') for (const line of b.slice(c.j1, c.j2)) out += `+${line}`;
    }
  }
  return out;
}
