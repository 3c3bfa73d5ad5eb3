/**
 * Running the differential corpus (cases.ts) against one server: the run's CRD, a namespace
 * per case, and the normalized answers.
 */
import { randomBytes } from 'node:crypto';
import type { TestClient } from '@kubekit/testing/http';
import { widgetCrd, type DifferentialCase } from './cases';
import { gadgetCrd } from './cel-cases';
import { comparable, type ComparableResponse } from './normalize';

/** One step's normalized answer, with the request that produced it. */
export interface RecordedAnswer extends ComparableResponse {
  request: string;
}

/** The recording file: which server answered, and its answers per case name. */
export interface Recording {
  server: string;
  cases: Record<string, RecordedAnswer[]>;
}

/** A prepared run: its random id and CRD group, and how to clean up. */
export interface Corpus {
  run: string;
  group: string;
  cleanUp(): Promise<void>;
}

/** Creates the run's Widget and Gadget CRDs and waits until their resources are served. */
export async function prepareCorpus(client: TestClient): Promise<Corpus> {
  // 'k' is not a hex digit: the id cannot occur inside the uids or numbers normalized away.
  const run = `k${randomBytes(3).toString('hex')}`;
  const group = `d${run}.kubekit.dev`;
  const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  const crds = [widgetCrd(group), gadgetCrd(group)];
  for (const crd of crds) {
    const res = await client.post(crdPath, crd);
    if (res.status !== 201) throw new Error(`creating CRD: ${res.status} ${res.text}`);
  }
  const deadline = Date.now() + 30_000;
  // Established comes before the resource is served: probe the resources themselves.
  for (const crd of crds) {
    while ((await client.get(`/apis/${group}/v1/${crd.spec.names.plural}`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} not served after 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    run,
    group,
    cleanUp: async () => {
      for (const crd of crds) await client.delete(`${crdPath}/${crd.metadata.name}`);
    },
  };
}

/** Runs case number `index` in a namespace of its own (`diff-{run}-index`) and deletes it after. */
export async function answersTo(
  client: TestClient,
  corpus: Corpus,
  c: DifferentialCase,
  index: number,
): Promise<RecordedAnswer[]> {
  const ns = `diff-${corpus.run}-${index}`;
  const created = await client.post('/api/v1/namespaces', { metadata: { name: ns } });
  if (created.status !== 201) throw new Error(`creating namespace ${ns}: ${created.text}`);
  const fill = (text: string) => text.replaceAll('{ns}', ns).replaceAll('{group}', corpus.group);
  const bodies: unknown[] = [];
  const answers: RecordedAnswer[] = [];
  for (const step of c.steps) {
    const raw = typeof step.body === 'function' ? step.body(bodies) : step.body;
    const body =
      raw === undefined || typeof raw === 'string' ? raw : JSON.parse(fill(JSON.stringify(raw)));
    const headers: Record<string, string> = step.contentType
      ? { 'content-type': step.contentType }
      : {};
    const res = await client.request(step.method, fill(step.path), body, headers);
    // A watch answers newline-delimited JSON: compare its events one by one.
    const events =
      res.body === undefined && res.text.startsWith('{')
        ? res.text
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as unknown)
        : undefined;
    bodies.push(res.body);
    const request = `${step.method} ${step.path}`;
    answers.push({
      request,
      ...comparable(res.status, res.body ?? events ?? res.text, corpus.run),
    });
  }
  await client.delete(`/api/v1/namespaces/${ns}`);
  return answers;
}
