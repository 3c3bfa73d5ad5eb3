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

/** A certificate and its private key, both PEM. */
export interface KeyPair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** The throwaway CA of one server: it signs serving and client certificates. */
export type CertificateAuthority = KeyPair;

/** What {@link signCertificate} issues. */
export interface CertificateRequest {
  /** The subject's CN; for a client certificate, the user name kube-apiserver authenticates. */
  readonly commonName: string;
  /** `server`: TLS serving on loopback (SANs 127.0.0.1, ::1, `dnsNames`); `client`: mTLS client. */
  readonly usage: 'server' | 'client';
  /** Extra DNS SANs of a serving certificate (`localhost` is always one). */
  readonly dnsNames?: readonly string[];
}

/** Files and secrets written by {@link writePki}; paths are absolute. */
export interface Pki {
  /** PEM of the CA that signed the serving certificate (kubeconfig certificate-authority). */
  readonly caPem: string;
  /** The CA's certificate and private key, to sign the control-plane components' certificates. */
  readonly ca: CertificateAuthority;
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
 * An EC certificate signed by `ca`, valid for one week. Serving certificates name the loopback
 * addresses, so a client verifying against the CA can reach the server on 127.0.0.1.
 */
export async function signCertificate(
  ca: CertificateAuthority,
  request: CertificateRequest,
): Promise<KeyPair> {
  const dnsNames = new Set(['localhost', ...(request.dnsNames ?? [])]);
  const server = request.usage === 'server';
  const cert = await generate([{ name: 'commonName', value: request.commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity(),
    ca: { key: ca.keyPem, cert: ca.certPem },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      server
        ? { name: 'extKeyUsage', serverAuth: true }
        : { name: 'extKeyUsage', clientAuth: true },
      ...(server
        ? [
            {
              name: 'subjectAltName' as const,
              altNames: [
                ...[...dnsNames].map((value) => ({ type: 2 as const, value })),
                { type: 7 as const, ip: '127.0.0.1' },
                { type: 7 as const, ip: '::1' },
              ],
            },
          ]
        : []),
    ],
  });
  return { certPem: cert.cert, keyPem: cert.private };
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
  const caKeys: CertificateAuthority = { certPem: ca.cert, keyPem: ca.private };
  const serving = await signCertificate(caKeys, {
    commonName: 'kube-apiserver',
    usage: 'server',
    dnsNames: SERVING_DNS_NAMES,
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
    ca: caKeys,
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
    writeFile(pki.servingCertFile, serving.certPem),
    writeFile(pki.servingKeyFile, serving.keyPem, secret),
    writeFile(pki.serviceAccountKeyFile, serviceAccount.privateKey, secret),
    writeFile(pki.serviceAccountPublicKeyFile, serviceAccount.publicKey),
    writeFile(pki.tokenFile, tokenLines.join('\n') + '\n', secret),
  ]);
  return pki;
}
