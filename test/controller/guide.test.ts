/**
 * Keeps docs/guides/writing-a-controller.md honest: every TypeScript block in it names (first
 * line `// <path>`) the tested file it was copied from, and must still appear there, token for
 * token (formatting aside). The code in the guide is therefore the code the e2e suites run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const guide = readFileSync(join(root, 'docs', 'guides', 'writing-a-controller.md'), 'utf8');
const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

/** Whitespace and trailing commas dropped, so formatting (line width, indentation) does not matter. */
const normalise = (text: string) => text.replace(/\s+/g, '').replace(/,([)\]}])/g, '$1');

describe('docs/guides/writing-a-controller.md', () => {
  it('has code blocks, each naming its source', () => {
    expect(blocks.length).toBeGreaterThan(5);
    for (const block of blocks) expect(block).toMatch(/^\/\/ test\/controller\/[\w.-]+\.ts\n/);
  });

  it.each(blocks.map((b, i) => [i + 1, b] as const))(
    'block %i is still in its source file',
    (_, block) => {
      const [first, ...rest] = block.split('\n');
      const source = readFileSync(join(root, first!.slice(3).trim()), 'utf8');
      expect(normalise(source)).toContain(normalise(rest.join('\n')));
    },
  );
});
