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

/** A command; `id` pairs it with its reply. */
export type ServerCommand = { id: number; transport: Transport } &
  /** Resolves with the uid of the pods' owner (a ReplicaSet, so the garbage collector keeps them). */
  (
    | { op: 'seed'; namespace: string; count: number; names?: string[] }
    | { op: 'updates'; namespace: string; names: string[]; total: number; intervalMs: number }
    | { op: 'clear'; namespace: string }
    | { op: 'stop' }
  );

/** The reply to a command (id 0: the endpoints, sent once when the servers are up). */
export type ServerReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** The `bench/stamp` annotation: the write's wall-clock time in ms (sub-ms precision). */
export const stampAnnotation = 'bench/stamp';
