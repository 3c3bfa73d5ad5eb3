/**
 * The API server a cross-package suite talks to: the embedded in-memory server of
 * @kubekit/testing by default, or the shared real kube-apiserver of the real tier.
 *
 * The rule (the same as test/conformance/cluster.ts): when KUBECONFIG is set, suites use the
 * cluster of that kubeconfig (current context; inline CA and token data). `npm run test:real`
 * sets it in its globalSetup to the kube-apiserver it started; a plain `npx jest` leaves it
 * unset unless your shell exports it — unset it there if you want the embedded server.
 *
 * On the real server, `embedded` is undefined: fault injection, direct storage access,
 * restarts and fake compaction exist only on the embedded server, and a test that needs them
 * must skip itself (`itEmbedded`) or start `startApiServer()` itself. `stop()` leaves the shared
 * server running.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { startApiServer, type ApiServer, type KubeConfigFile } from '@kubekit/testing';
import { clusterAccessFromKubeconfig } from '@kubekit/testing/http';

/** A connection to the server under test, the subset of `ApiServer` both servers offer. */
export interface ServerUnderTest {
  readonly url: string;
  readonly kubeConfig: KubeConfigFile;
  readonly kubeconfigYaml: string;
  readonly token: string;
  readonly caPem?: string;
  /** The embedded server with its test-only facilities; undefined on the real server. */
  readonly embedded?: ApiServer;
  /** Waits for the embedded server's built-in controllers; on the real server it returns at once. */
  settle(): Promise<void>;
  /** Stops the embedded server; a no-op for the shared real server. */
  stop(): Promise<void>;
}

/** True when suites run against the real server of KUBECONFIG (see the module notes). */
export const realServer = !!process.env.KUBECONFIG;

/** `it` on the embedded server, `it.skip` on the real one (for tests needing embedded-only facilities). */
export const itEmbedded: jest.It = realServer ? it.skip : it;

/** Starts the embedded server, or connects to the shared real one (see the module notes). */
export async function startServerUnderTest(): Promise<ServerUnderTest> {
  if (!realServer) {
    const embedded = await startApiServer();
    return {
      url: embedded.url,
      kubeConfig: embedded.kubeConfig,
      kubeconfigYaml: embedded.kubeconfigYaml,
      token: embedded.token,
      caPem: embedded.caPem,
      embedded,
      settle: () => embedded.settle(),
      stop: () => embedded.stop(),
    };
  }
  const kubeconfigYaml = readFileSync(process.env.KUBECONFIG!, 'utf8');
  const access = clusterAccessFromKubeconfig(kubeconfigYaml);
  if (!access.token) throw new Error(`kubeconfig ${process.env.KUBECONFIG} has no bearer token`);
  return {
    url: access.url,
    kubeConfig: parseYaml(kubeconfigYaml) as KubeConfigFile,
    kubeconfigYaml,
    token: access.token,
    caPem: access.caPem,
    settle: async () => {},
    stop: async () => {},
  };
}
