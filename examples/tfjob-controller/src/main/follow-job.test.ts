import { join } from 'node:path';
import { RESTClient } from '@kubekit/rest';
import { startServerUnderTest, type ServerUnderTest } from '@kubekit/testing';
import { installCrd, readCrd } from '../crd';
import { Clientset } from '../generated';
import { tfJob } from '../testing/harness';
import { followJob } from './follow-job';

let server: ServerUnderTest;
let rest: RESTClient;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  rest = new RESTClient({ server: server.url, caData: server.caPem, bearerToken: server.token });
  await installCrd(new Clientset(rest), readCrd(join(__dirname, '../../deploy/crd.yaml')));
});
afterAll(async () => {
  await rest.close();
  await server.stop();
});

describe('followJob', () => {
  it('prints every condition that turns True, including one filtered out and set again', async () => {
    const ns = await server.namespace('follow');
    const jobs = new Clientset(rest).kubeflowV1.tfJobs(ns);
    const lines: string[] = [];
    const follow = await followJob(jobs, 'j', 30_000, (l) => lines.push(l));
    const base = tfJob('j', { Worker: 1 });
    let job = await jobs.create({ ...base, metadata: { ...base.metadata, namespace: ns } });
    const cond = (type: string, status = 'True') => ({ type, status, reason: `TFJob${type}` });
    for (const conditions of [
      [cond('Created')],
      [cond('Created'), cond('Running')],
      [cond('Created'), cond('Restarting')], // the controller drops Running while Restarting
      [cond('Created'), cond('Running')],
      [cond('Created'), cond('Running', 'False'), cond('Succeeded')],
    ]) {
      job = await jobs.updateStatus({ ...job, status: { ...job.status, conditions } });
    }
    expect(await follow()).toBe('Succeeded');
    expect(lines.map((l) => l.split(' ').slice(1, 3).join(' '))).toEqual([
      'Created (TFJobCreated)',
      'Running (TFJobRunning)',
      'Restarting (TFJobRestarting)',
      'Running (TFJobRunning)',
      'Succeeded (TFJobSucceeded)',
    ]);
  });

  it('resolves with interrupted once its signal aborts, and closes the watch', async () => {
    const ns = await server.namespace('follow-stop');
    const jobs = new Clientset(rest).kubeflowV1.tfJobs(ns);
    const stop = new AbortController();
    const follow = await followJob(jobs, 'never-created', 600_000, () => {}, stop.signal);
    const outcome = follow();
    stop.abort();
    expect(await outcome).toBe('interrupted');
  });
});
