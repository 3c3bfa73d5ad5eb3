import { request, type IncomingMessage } from 'node:http';
import { startFixture, type ServerFixture } from './test-support/server-fixture';

/**
 * The `timeout` query parameter, as kube-apiserver's request-deadline filters read it: an
 * invalid duration is a 400 before authentication; a request that is not long-running and is
 * still unanswered at its deadline (the parameter, capped by the server's request timeout) gets
 * a 504 Timeout; watches ignore the parameter. The server's injected latency (2 s, served after
 * the deadline timer is due) makes a request late without any timing assumption.
 */
const ns = '/api/v1/namespaces/default';
const cms = `${ns}/configmaps`;
const lateMs = 2_000;

/** The 504 body kube's timeout filter writes: a bare Status, no kind or apiVersion. */
const timeoutStatus = {
  metadata: {},
  status: 'Failure',
  message: 'Timeout: request did not complete within the allotted timeout',
  reason: 'Timeout',
  details: {},
  code: 504,
};

describe('the timeout query parameter', () => {
  let f: ServerFixture;
  afterEach(async () => {
    f.server.faults.clear();
    await f.stop();
  });

  it('rejects an invalid duration with 400 BadRequest, before authentication', async () => {
    f = await startFixture();
    for (const headers of [{}, { authorization: 'Bearer wrong' }] as Record<string, string>[]) {
      const res = await f.client.get(`${ns}?timeout=abc`, headers);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'BadRequest',
        code: 400,
      });
      expect(res.body.message).toMatch(
        /^invalid timeout specified in the request URL - "abc" is not a duration/,
      );
    }
    expect((await f.client.get(`${ns}?timeout=5`)).body.message).toContain('"5"');
  });

  it.each(['5s', '1m30s', '0', '-1s', '100000h'])('serves a request with timeout=%s', async (t) => {
    f = await startFixture();
    expect((await f.client.get(`${ns}?timeout=${t}`)).status).toBe(200);
  });

  it('answers 504 Timeout when a request is still unanswered at its deadline', async () => {
    f = await startFixture();
    f.server.faults.setLatency(lateMs);
    const res = await f.client.get(`${ns}?timeout=200ms`);
    expect(res.status).toBe(504);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(JSON.parse(res.text)).toEqual(timeoutStatus);
    // served after the first request's late handler (its latency timer is due later): that
    // handler's answer is dropped and the server goes on serving
    expect((await f.client.get(ns)).status).toBe(200);
  });

  it('answers a deadline under a millisecond at once, without serving the request', async () => {
    f = await startFixture();
    const res = await f.client.post(`${cms}?timeout=1ns`, { metadata: { name: 'too-late' } });
    expect(res.status).toBe(504);
    expect(JSON.parse(res.text)).toEqual(timeoutStatus);
    expect((await f.client.get(`${cms}/too-late`)).status).toBe(404);
  });

  it('caps the deadline at the server request timeout (a zero, negative or longer timeout)', async () => {
    f = await startFixture({ requestTimeoutMs: 200 });
    f.server.faults.setLatency(lateMs);
    for (const t of ['', '?timeout=0', '?timeout=-1s', '?timeout=1h'])
      expect((await f.client.get(`${ns}${t}`)).body).toEqual(timeoutStatus);
  });

  it('counts the time a client takes to send its body', async () => {
    f = await startFixture();
    const url = new URL(f.server.url);
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: `${cms}?timeout=200ms`,
          headers: {
            authorization: `Bearer ${f.server.token}`,
            'content-type': 'application/json',
            'content-length': '1000',
          },
        },
        (r) => {
          resolve(r);
          r.on('end', () => req.destroy());
        },
      );
      req.on('error', reject);
      req.write('{"metadata":'); // and never the rest
    });
    let text = '';
    for await (const chunk of res) text += String(chunk);
    expect(res.statusCode).toBe(504);
    expect(JSON.parse(text)).toEqual(timeoutStatus);
  });

  it('does not apply to watches, which ignore even an invalid value', async () => {
    f = await startFixture({ requestTimeoutMs: 200 });
    f.server.faults.setLatency(lateMs);
    for (const t of ['200ms', 'abc']) {
      const w = await f.client.watch(
        `${cms}?watch=true&timeout=${t}&fieldSelector=metadata.name%3Dw-${t}`,
      );
      expect(w.status).toBe(200);
      f.server.faults.clear();
      expect((await f.client.post(cms, { metadata: { name: `w-${t}` } })).status).toBe(201);
      expect(await w.next()).toMatchObject({
        type: 'ADDED',
        object: { metadata: { name: `w-${t}` } },
      });
      w.close();
      f.server.faults.setLatency(lateMs);
    }
  });
});
