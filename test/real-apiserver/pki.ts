import { generateKeyPair, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';

/** A static bearer token user of the token file (`--token-auth-file`). */
export interface TokenUser {
  readonly token: string;
  readonly user: string;
  readonly groups: readonly string[];
}

/** Files and secrets written by {@link writePki}; paths are absolute. */
export interface Pki {
  /** PEM of the CA that signed the serving certificate (kubeconfig certificate-authority). */
  readonly caPem: string;
  readonly caCertFile: string;
  readonly servingCertFile: string;
  readonly servingKeyFile: string;
  readonly serviceAccountKeyFile: string;
  readonly serviceAccountPublicKeyFile: string;
  readonly tokenFile: string;
  /** `kubekit-admin` in system:masters. */
  readonly admin: TokenUser;
  /** `tfjob-controller`, no groups: RBAC grants it only what the TFJob controller needs. */
  readonly tfjobController: TokenUser;
}

const generateKeyPairAsync = promisify(generateKeyPair);

/** DNS and IP subject alternative names of the serving certificate. */
export const SERVING_DNS_NAMES = [
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
] as const;

function token(): string {
  return randomBytes(24).toString('base64url');
}

function validity(): { notBeforeDate: Date; notAfterDate: Date } {
  const notBeforeDate = new Date(Date.now() - 60_000);
  return { notBeforeDate, notAfterDate: new Date(notBeforeDate.getTime() + 7 * 86_400_000) };
}

/**
 * Generates a throwaway PKI in `dir`: a CA, a serving certificate signed by it (SANs
 * 127.0.0.1, ::1, localhost and the kubernetes.default names), a service-account signing key
 * pair and a static token file with an admin and the least-privileged `tfjob-controller`.
 * Everything lives one week: it is meant for one test run.
 */
export async function writePki(dir: string): Promise<Pki> {
  const ca = await generate([{ name: 'commonName', value: 'kubekit-real-apiserver-ca' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity(),
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
  const serving = await generate([{ name: 'commonName', value: 'kube-apiserver' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity(),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...SERVING_DNS_NAMES.map((value) => ({ type: 2 as const, value })),
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const serviceAccount = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  const admin: TokenUser = { token: token(), user: 'kubekit-admin', groups: ['system:masters'] };
  const tfjobController: TokenUser = { token: token(), user: 'tfjob-controller', groups: [] };
  // token,user,uid,"group1,group2"
  const tokenLines = [admin, tfjobController].map(
    (u) => `${u.token},${u.user},${u.user},"${u.groups.join(',')}"`,
  );

  const file = (name: string) => join(dir, name);
  const pki: Pki = {
    caPem: ca.cert,
    caCertFile: file('ca.crt'),
    servingCertFile: file('apiserver.crt'),
    servingKeyFile: file('apiserver.key'),
    serviceAccountKeyFile: file('sa.key'),
    serviceAccountPublicKeyFile: file('sa.pub'),
    tokenFile: file('tokens.csv'),
    admin,
    tfjobController,
  };
  const secret = { mode: 0o600 };
  await Promise.all([
    writeFile(pki.caCertFile, ca.cert),
    writeFile(pki.servingCertFile, serving.cert),
    writeFile(pki.servingKeyFile, serving.private, secret),
    writeFile(pki.serviceAccountKeyFile, serviceAccount.privateKey, secret),
    writeFile(pki.serviceAccountPublicKeyFile, serviceAccount.publicKey),
    writeFile(pki.tokenFile, tokenLines.join('\n') + '\n', secret),
  ]);
  return pki;
}
