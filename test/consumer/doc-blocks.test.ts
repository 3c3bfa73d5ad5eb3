import { docModules } from './doc-blocks';

const doc = [
  '# Title',
  '```ts',
  'const a = 1;',
  '```',
  '',
  '<!-- check: continue -->',
  '```ts',
  'console.log(a);',
  '```',
  '<!-- check: skip (pseudo-code) -->',
  '```ts',
  'not code',
  '```',
  '<!-- check: run -->',
  '<!-- check: prelude',
  'declare const server: { url: string };',
  '-->',
  '',
  '```ts',
  'console.log(server.url);',
  '```',
  '```sh',
  'echo not checked',
  '```',
].join('\n');

describe('docModules', () => {
  it('makes one module per block, joins continued blocks, drops skipped ones, adds preludes', () => {
    expect(docModules(doc, 'README.md', 'x')).toEqual([
      {
        name: 'x-1',
        source: 'README.md',
        line: 2,
        run: false,
        text: 'const a = 1;\n\nconsole.log(a);\n',
      },
      {
        name: 'x-2',
        source: 'README.md',
        line: 19,
        run: true,
        text: 'declare const server: { url: string };\n\nconsole.log(server.url);\n',
      },
    ]);
  });

  it('rejects a continue without a block before it', () => {
    expect(() => docModules('<!-- check: continue -->\n```ts\nx\n```\n', 'a.md', 'a')).toThrow(
      'a.md:2: check: continue, but no block before it',
    );
  });
});
