import { generate } from 'selfsigned';

/** A CA and a serving certificate it signed, PEM encoded. */
export interface ServingCerts {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/**
 * Generates a self-signed CA and a serving certificate for 127.0.0.1 / localhost signed by it
 * (what a kubeconfig's certificate-authority-data pins).
 */
export async function generateServingCerts(): Promise<ServingCerts> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 365 * 24 * 3600_000);
  const ca = await generate([{ name: 'commonName', value: 'kubekit-apiserver-ca' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  });
  const serving = await generate([{ name: 'commonName', value: 'kubekit-apiserver' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, certPem: serving.cert, keyPem: serving.private };
}
