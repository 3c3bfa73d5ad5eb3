import { RequestError } from '../request-error';
import { RESTClient } from '../rest-client';
import { useServerAndClient, type TestServer } from './testing/http-test-server';

/**
 * Bodies the client's own transport reads whole (every request but streams): decoded as
 * undici's `text()` decodes them, a broken body a failed read that is never retried.
 */
describe('responses read whole', () => {
  const setup = useServerAndClient();
  let server: TestServer;
  let client: RESTClient;
  beforeEach(() => {
    ({ server, client } = setup);
  });

  const pod = { kind: 'Pod', metadata: { name: 'naïve-测试-🚀' } };

  it('decodes a body that arrives in chunks split inside a multi-byte character', async () => {
    const bytes = Buffer.from(JSON.stringify(pod));
    const cut = bytes.indexOf(Buffer.from('测')) + 1; // inside the 3-byte character
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 20);
    });
    await expect(client.get().resource('pods').name('x').do()).resolves.toEqual(pod);
    const raw = await client.get().resource('pods').name('x').doRaw();
    expect(raw.body.equals(bytes)).toBe(true);
  });

  it('drops a leading byte-order mark, as undici text() does', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(pod))]));
    });
    await expect(client.get().resource('pods').name('x').do()).resolves.toEqual(pod);
  });

  it('answers with the final response after an informational one (103 Early Hints)', async () => {
    server.handle((_req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      res.writeHead(200, { 'content-type': 'application/json', warning: '299 - "deprecated"' });
      res.end(JSON.stringify(pod));
    });
    const warnings: string[] = [];
    const warned = new RESTClient({
      server: server.url,
      qps: Infinity,
      warningHandler: (w) => warnings.push(w.text),
    });
    try {
      await expect(warned.get().resource('pods').name('x').do()).resolves.toEqual(pod);
      expect(warnings).toEqual(['deprecated']);
    } finally {
      await warned.destroy();
    }
  });

  it('fails a GET whose body breaks after the headers as a failed read, without retrying it', async () => {
    server.handle((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"kind":"Pod",');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const err = (await client
      .get()
      .resource('pods')
      .name('x')
      .do()
      .catch((e: unknown) => e)) as RequestError;
    expect(RequestError.isInstance(err)).toBe(true);
    expect(err.reason).toBe('ConnectionFailed');
    expect(err.message).toContain('reading the response failed');
    expect(err.cause).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(1);
  });
});
