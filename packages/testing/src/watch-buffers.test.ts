import { request } from 'node:http';
import { startFixture, type ServerFixture } from './test-support/server-fixture';

/**
 * A watcher whose client stops reading is cut once it holds more unsent bytes than its budget,
 * and the watchers holding the most are cut once all together pass the total budget; a client
 * that reads keeps every event, and a watch-list's initial events never count as a backlog. (The kernel's socket buffers take the first few MB, so each
 * test writes about 20 MB.)
 */
const cms = '/api/v1/namespaces/default/configmaps';
const chunk = 'x'.repeat(900 * 1024);
const updates = 24;

/** A watch whose client reads nothing until `drain()`, which reads it to its end. */
interface StalledWatch {
  /** Resumes reading; resolves with the names of `v` of the events, once the stream ends or `last` arrives. */
  drain(last: string): Promise<{ ended: boolean; sawLast: boolean }>;
}

function stalledWatch(f: ServerFixture): Promise<StalledWatch> {
  const url = new URL(f.server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `${cms}?watch=true&fieldSelector=metadata.name%3Dbig`,
        headers: { authorization: `Bearer ${f.server.token}` },
      },
      (res) => {
        res.pause();
        resolve({
          drain: (last) =>
            new Promise((done) => {
              let text = '';
              const finish = (ended: boolean, sawLast: boolean) => {
                res.destroy();
                done({ ended, sawLast });
              };
              res.on('data', (c: Buffer) => {
                text += c.toString('latin1');
                if (text.includes(last)) finish(false, true);
              });
              res.on('end', () => finish(true, false));
              res.on('error', () => finish(true, false));
              res.resume();
            }),
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function churn(f: ServerFixture): Promise<string> {
  for (let n = 0; n < updates; n++) {
    const res = await f.client.put(`${cms}/big`, {
      metadata: { name: 'big' },
      data: { v: `update-${n}-${chunk}` },
    });
    expect(res.status).toBe(200);
  }
  return `update-${updates - 1}-`;
}

describe('watch buffer limits', () => {
  let f: ServerFixture;
  afterEach(() => f.stop());

  it('cuts a watcher that holds more than its budget unsent', async () => {
    f = await startFixture({ watchBufferBytesPerWatcher: 1024 * 1024 });
    expect((await f.client.post(cms, { metadata: { name: 'big' } })).status).toBe(201);
    const stalled = await stalledWatch(f);
    const last = await churn(f);
    expect(await stalled.drain(last)).toEqual({ ended: true, sawLast: false });
  });

  it('sends a watch-list snapshot larger than the budgets whole: only what follows it counts', async () => {
    f = await startFixture({
      watchBufferBytesPerWatcher: 1024 * 1024,
      watchBufferBytesTotal: 2 * 1024 * 1024,
    });
    for (let n = 0; n < updates; n++) {
      const res = await f.client.post(cms, { metadata: { name: `big-${n}` }, data: { v: chunk } });
      expect(res.status).toBe(201);
    }
    const list = await f.client.watch(
      `${cms}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
    );
    const events = await list.take(updates + 1);
    list.close();
    expect(events.map((e) => e.type)).toEqual([...Array(updates).fill('ADDED'), 'BOOKMARK']);
    expect(events.at(-1)!.object).toMatchObject({
      metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
  });

  it('cuts the stalled watchers once all together pass the total budget, and keeps a reader', async () => {
    f = await startFixture({
      watchBufferBytesPerWatcher: 1024 * 1024 * 1024,
      watchBufferBytesTotal: 2 * 1024 * 1024,
    });
    expect((await f.client.post(cms, { metadata: { name: 'big' } })).status).toBe(201);
    const reader = await f.client.watch(`${cms}?watch=true&fieldSelector=metadata.name%3Dbig`);
    const a = await stalledWatch(f);
    const b = await stalledWatch(f);
    const last = await churn(f);
    expect(await a.drain(last)).toEqual({ ended: true, sawLast: false });
    expect(await b.drain(last)).toEqual({ ended: true, sawLast: false });
    const events = await reader.take(updates + 1);
    reader.close();
    expect(events.map((e) => e.type)).toEqual(['ADDED', ...Array(updates).fill('MODIFIED')]);
    expect((events.at(-1)!.object as any).data.v.startsWith(last)).toBe(true);
  });

  it('compacts watch history past its byte budget: resuming from before it answers 410', async () => {
    f = await startFixture({ historyBytes: 4 * 1024 * 1024 });
    const created = await f.client.post(cms, { metadata: { name: 'big' } });
    const from = created.body.metadata.resourceVersion;
    for (let n = 0; n < 8; n++)
      await f.client.put(`${cms}/big`, { metadata: { name: 'big' }, data: { v: `${n}${chunk}` } });
    const w = await f.client.watch(`${cms}?watch=true&resourceVersion=${from}`);
    const first = await w.next();
    w.close();
    expect(first).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
    // the newest events are kept
    const recent = await f.client.watch(
      `${cms}?watch=true&resourceVersion=${Number(f.server.storage.resourceVersion) - 1}`,
    );
    const next = await recent.next();
    recent.close();
    expect(next?.type).toBe('MODIFIED');
  });
});
