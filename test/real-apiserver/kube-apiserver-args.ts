import { join } from 'node:path';
import type { Pki } from './pki';

/** Inputs of {@link kubeApiServerArgs}. */
export interface KubeApiServerArgsOptions {
  readonly etcdUrl: string;
  readonly port: number;
  readonly pki: Pki;
  /** Scratch directory of this server (never used for certificates: they are given). */
  readonly workDir: string;
  /** Appended last, so they override the defaults. */
  readonly extraArgs?: readonly string[];
}

/** Service network of the test server; ClusterIPs come from here. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/16';

/**
 * kube-apiserver flags for a loopback-only test server: RBAC (and Node) authorization, static
 * bearer tokens, our own serving certificate and service-account keys.
 *
 * Deviations from a production control plane, each because its counterpart is absent here:
 * - `--disable-admission-plugins=ServiceAccount`: without kube-controller-manager no namespace
 *   gets a `default` ServiceAccount, and the plugin would reject every pod.
 * - `--endpoint-reconciler-type=none`: the `kubernetes` Service would otherwise get
 *   127.0.0.1 as endpoint, which Endpoints validation rejects over and over.
 */
export function kubeApiServerArgs(options: KubeApiServerArgsOptions): string[] {
  const { pki } = options;
  return [
    `--etcd-servers=${options.etcdUrl}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${options.port}`,
    `--cert-dir=${join(options.workDir, 'cert-dir')}`,
    `--tls-cert-file=${pki.servingCertFile}`,
    `--tls-private-key-file=${pki.servingKeyFile}`,
    `--client-ca-file=${pki.caCertFile}`,
    `--token-auth-file=${pki.tokenFile}`,
    '--authorization-mode=Node,RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.serviceAccountPublicKeyFile}`,
    `--service-account-signing-key-file=${pki.serviceAccountKeyFile}`,
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    '--disable-admission-plugins=ServiceAccount',
    '--endpoint-reconciler-type=none',
    '--allow-privileged=true',
    '--profiling=false',
    ...(options.extraArgs ?? []),
  ];
}
