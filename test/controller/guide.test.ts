/**
 * Keeps docs/guides/writing-a-controller.md honest: every TypeScript and YAML block in it names
 * (first line `// crontab-operator/<path>` or `# crontab-operator/<path>`) the file of the
 * scaffolded CronTab operator it shows, and must be that file, token for token (formatting
 * aside). The scaffold's own test runs that project's test on the in-memory API server, so the
 * code in the guide is code that runs. The root README's operator must be the same files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectFiles } from 'create-kubekit-operator';

const root = join(__dirname, '..', '..');
const files = projectFiles({
  name: 'crontab-operator',
  group: 'stable.example.com',
  version: 'v1',
  kind: 'CronTab',
});

/** Whitespace and trailing commas dropped, so formatting (line width, indentation) does not matter. */
const normalise = (text: string) => text.replace(/\s+/g, '').replace(/,([)\]}])/g, '$1');

function blocks(doc: string): string[] {
  const text = readFileSync(join(root, doc), 'utf8');
  return [...text.matchAll(/```(?:ts|yaml)\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe.each(['docs/guides/writing-a-controller.md', 'README.md'])('%s', (doc) => {
  const found = blocks(doc);

  it('has code blocks, each naming the scaffolded file it shows', () => {
    expect(found.length).toBe(doc === 'README.md' ? 2 : 6);
    for (const block of found) expect(block).toMatch(/^(\/\/|#) crontab-operator\/[\w./-]+\n/);
  });

  it.each(found.map((b, i) => [i + 1, b] as const))('block %i is that file', (_, block) => {
    const [first, ...rest] = block.split('\n');
    const path = first!.replace(/^(\/\/|#) crontab-operator\//, '').trim();
    expect(files.has(path)).toBe(true);
    expect(normalise(rest.join('\n'))).toBe(normalise(files.get(path)!));
  });
});
