/**
 * The differential suite: a corpus of requests (cases.ts) whose answers from kube-apiserver are
 * recorded in recorded/kube-apiserver.json. The server under test must answer the same, answer
 * by answer: every status code, Status reason, message, field path and defaulted field.
 * Conformance tests pin what we know matters; this suite finds what we did not think of.
 *
 * - `npm test` (embedded server): compares the in-memory server with the recording, except the
 *   steps listed in known-differences.ts (which must still differ: fixed ones leave the list).
 * - `npm run test:real`: compares the real kube-apiserver with the recording, which proves the
 *   recording true; `KUBEKIT_RECORD=1 npm run test:real` rewrites it instead.
 * - report.ts prints the differing steps of the embedded server compactly.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { startServerUnderTest, type ServerUnderTest } from '@kubekit/testing';
import { TestClient } from '@kubekit/testing/http';
import { cases } from './cases';
import { answersTo, prepareCorpus, type Corpus, type Recording } from './corpus';
import { knownDifferences } from './known-differences';

const recordingFile = join(__dirname, 'recorded', 'kube-apiserver.json');
const recording = JSON.parse(readFileSync(recordingFile, 'utf8')) as Recording;
const record = process.env.KUBEKIT_RECORD === '1';

let server: ServerUnderTest;
let client: TestClient;
let corpus: Corpus;

beforeAll(async () => {
  server = await startServerUnderTest();
  if (record && server.kind === 'embedded') throw new Error('KUBEKIT_RECORD=1 needs a real server');
  client = new TestClient(server);
  corpus = await prepareCorpus(client);
});

afterAll(async () => {
  await corpus?.cleanUp();
  await client.close();
  await server.stop();
  if (record) writeFileSync(recordingFile, `${JSON.stringify(recording, null, 2)}\n`);
});

describe(`differential: answers as ${recording.server} does`, () => {
  it.each(cases.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const answers = await answersTo(client, corpus, c, i);
    if (record) {
      recording.cases[c.name] = answers;
      return;
    }
    const recorded = recording.cases[c.name];
    if (!recorded)
      throw new Error(
        `no recorded answers for "${c.name}": run KUBEKIT_RECORD=1 npm run test:real`,
      );
    expect(answers.map((a) => a.request)).toEqual(recorded.map((a) => a.request));
    const known = server.kind === 'embedded' ? (knownDifferences[c.name] ?? {}) : {};
    const unexpected = [];
    const stale = [];
    for (const [step, answer] of answers.entries()) {
      const same = isDeepStrictEqual(answer, recorded[step]);
      if (!same && !(step in known)) unexpected.push({ step, answer, recorded: recorded[step] });
      if (same && step in known) stale.push({ step, listedAs: known[step] });
    }
    // A listed difference that no longer differs must leave the list (it is fixed).
    expect({ unexpected, stale }).toEqual({ unexpected: [], stale: [] });
  });
});
