/** The IPC messages between the benchmark and its server process (see ./server-process). */

/** Which of the two servers: HTTPS (the @kubekit/testing default) or plain HTTP. */
export type Transport = 'https' | 'http';

/** How a client reaches one server. */
export interface ServerEndpoint {
  url: string;
  token: string;
  caPem: string | undefined;
  kubeconfigYaml: string;
}

/** The server process's own cost: CPU since it started (user + system, ms) and memory now. */
export interface ServerUsage {
  cpuMs: number;
  rssBytes: number;
  /** Heap in use; after full collections when the command asked for `gc`. */
  heapUsedBytes: number;
}

/** A command; `id` pairs it with its reply. */
export type ServerCommand = { id: number } &
  /** Resolves with the uid of the pods' owner (a ReplicaSet, so the garbage collector keeps them). */
  (
    | { op: 'seed'; transport: Transport; namespace: string; count: number; names?: string[] }
    | {
        op: 'updates';
        transport: Transport;
        namespace: string;
        names: string[];
        total: number;
        intervalMs: number;
      }
    | { op: 'clear'; transport: Transport; namespace: string }
    /** Resolves with a {@link ServerUsage}. */
    | { op: 'usage'; gc?: boolean }
    /** Starts a fresh plain-HTTP server with a LocalKubelet (pods Running); resolves with its endpoint. */
    | { op: 'tfjob-start' }
    /**
     * Creates `jobs` TFJobs in that server's storage; resolves once it holds `jobs` x 4 pods and
     * services and every TFJob is Running.
     */
    | { op: 'tfjob-wait'; jobs: number }
    | { op: 'tfjob-stop' }
    /**
     * Scenario 6b: starts `nodes` LocalKubelets against a real kube-apiserver (`url`, an admin
     * `token`, `caPem`), waits until they are schedulable and syncs the burst check.
     */
    | { op: 'tfjob-real-start'; url: string; token: string; caPem: string; nodes: number }
    /** Creates `jobs` TFJobs over HTTP. */
    | { op: 'tfjob-real-submit'; jobs: number }
    /** Resolves with a RealBurstCheck once every job and pod is Running (rejects after `timeoutMs`). */
    | { op: 'tfjob-real-wait'; jobs: number; timeoutMs: number }
    | { op: 'tfjob-real-stop' }
    | { op: 'stop' }
  );

/** The reply to a command (id 0: the endpoints, sent once when the servers are up). */
export type ServerReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** The `bench/stamp` annotation: the write's wall-clock time in ms (sub-ms precision). */
export const stampAnnotation = 'bench/stamp';
