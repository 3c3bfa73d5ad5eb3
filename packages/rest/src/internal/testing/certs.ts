import { generate } from 'selfsigned';

/** A CA-style self-signed server certificate for 127.0.0.1 / localhost plus a client certificate it signed. */
export interface TestCerts {
  /** PEM: the server certificate, which is also the CA to trust. */
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

let cached: Promise<TestCerts> | undefined;

/** Test certificates (EC P-256, generated once per test process). */
export function testCerts(): Promise<TestCerts> {
  cached ??= generate([{ name: 'commonName', value: 'kubekit-test' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
    clientCertificate: { cn: 'jane', keyType: 'ec' },
  }).then((pems) => ({
    ca: pems.cert,
    serverCert: pems.cert,
    serverKey: pems.private,
    clientCert: pems.clientcert!,
    clientKey: pems.clientprivate!,
  }));
  return cached;
}
