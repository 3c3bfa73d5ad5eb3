import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { TestClient } from './http-client';
import { generateServingCerts } from './server/certs';

describe('TestClient', () => {
  let server: Http2SecureServer;
  let url: string;
  let caPem: string;
  const versions: string[] = [];

  beforeAll(async () => {
    const certs = await generateServingCerts();
    caPem = certs.caPem;
    // Offers HTTP/2 and HTTP/1.1 in ALPN, as kube-apiserver does.
    server = createSecureServer({ key: certs.keyPem, cert: certs.certPem, allowHTTP1: true });
    server.on('request', (req, res) => {
      versions.push(req.httpVersion);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('speaks HTTP/1.1 to a server that also offers HTTP/2, as @kubekit/rest does', async () => {
    const client = new TestClient({ url, caPem });
    const res = await client.request('GET', '/api/v1/namespaces');
    await client.close();
    expect(res.status).toBe(200);
    expect(versions).toEqual(['1.1']);
  });
});
