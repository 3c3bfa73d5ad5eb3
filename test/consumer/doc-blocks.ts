/**
 * The ```ts code blocks of a Markdown document, read with the `check:` comments of
 * docs/code-blocks.md: every block is one module to type-check, unless marked
 *
 * - `<!-- check: skip (reason) -->`   not checked (say why);
 * - `<!-- check: continue -->`        appended to the previous checked block of the document;
 * - `<!-- check: run -->`             also run with plain `node` (it must terminate);
 * - `<!-- check: prelude ... -->`     hidden code put before the block (declarations a fragment
 *                                     takes from the surrounding text), on the lines after
 *                                     `prelude`, up to `-->`.
 *
 * The comments stand on the lines right before the block's opening fence (blank lines allowed).
 */

/** One module made of one block or more. */
export interface DocModule {
  /** A file name stem: `<doc id>-<n>` (e.g. `codegen-readme-1`). */
  name: string;
  /** The Markdown file and the line of the first block's opening fence. */
  source: string;
  line: number;
  /** Whether to run it with node. */
  run: boolean;
  /** Preludes, then the blocks' code. */
  text: string;
}

/** What stands before a block. */
interface Marks {
  skip: boolean;
  continues: boolean;
  run: boolean;
  prelude: string[];
}

const directive = /<!--\s*check:\s*(skip|continue|run|prelude)\b([\s\S]*?)-->/g;

function marksBefore(lines: string[], fence: number): Marks {
  const marks: Marks = { skip: false, continues: false, run: false, prelude: [] };
  // the comments (and blank lines) right above the fence
  let start = fence;
  for (let j = fence - 1; j >= 0; j--) {
    if (lines[j]!.trim() === '') continue;
    if (!lines[j]!.trimEnd().endsWith('-->')) break;
    let open = j;
    while (open > 0 && !lines[open]!.includes('<!--')) open--;
    start = open;
    j = open;
  }
  for (const m of lines.slice(start, fence).join('\n').matchAll(directive)) {
    if (m[1] === 'skip') marks.skip = true;
    else if (m[1] === 'continue') marks.continues = true;
    else if (m[1] === 'run') marks.run = true;
    else marks.prelude.push(m[2]!.replace(/^[^\n]*\n/, ''));
  }
  return marks;
}

/**
 * The modules of the ```ts blocks of `markdown` (read from `source`), named `<id>-<n>`.
 *
 * @throws Error when `continue` has no block before it.
 */
export function docModules(markdown: string, source: string, id: string): DocModule[] {
  const lines = markdown.split('\n');
  const out: DocModule[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\b/.test(lines[i]!)) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`${source}:${i + 1}: the code block is not closed`);
    const marks = marksBefore(lines, i);
    const code = [...marks.prelude, lines.slice(i + 1, end).join('\n')].join('\n');
    if (marks.skip) {
      // skipped
    } else if (marks.continues) {
      const last = out[out.length - 1];
      if (!last) throw new Error(`${source}:${i + 1}: check: continue, but no block before it`);
      last.text += `\n${code}\n`;
      last.run ||= marks.run;
    } else {
      out.push({
        name: `${id}-${out.length + 1}`,
        source,
        line: i + 1,
        run: marks.run,
        text: `${code}\n`,
      });
    }
    i = end;
  }
  return out;
}
