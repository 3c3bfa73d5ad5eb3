/**
 * `npx tsx --conditions=@kubekit/source test/conformance/differential/report.ts` (from the
 * repository root): runs the
 * differential corpus against a fresh embedded server and prints, step by step, where its
 * answers differ from the recording (a compact view for fixing the in-memory server).
 */
import { startApiServer } from '@kubekit/testing';
import { TestClient } from '@kubekit/testing/http';
import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cases } from './cases';
import { answersTo, prepareCorpus, type Recording } from './corpus';

async function main(): Promise<void> {
  const recording = JSON.parse(
    readFileSync(
      join(process.cwd(), 'test/conformance/differential/recorded/kube-apiserver.json'),
      'utf8',
    ),
  ) as Recording;
  const server = await startApiServer();
  const client = new TestClient(server);
  const corpus = await prepareCorpus(client);
  let differing = 0;
  for (const [i, c] of cases.entries()) {
    const answers = await answersTo(client, corpus, c, i);
    for (const [step, answer] of answers.entries()) {
      const recorded = recording.cases[c.name]?.[step];
      if (isDeepStrictEqual(answer, recorded)) continue;
      differing++;
      console.log(`\n### ${c.name} / step ${step}: ${answer.request}`);
      console.log(`real:     ${JSON.stringify(recorded)}`);
      console.log(`embedded: ${JSON.stringify(answer)}`);
    }
  }
  console.log(`\n${differing} differing steps`);
  await corpus.cleanUp();
  await client.close();
  await server.stop();
}

void main();
