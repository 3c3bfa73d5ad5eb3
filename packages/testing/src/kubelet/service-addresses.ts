import { createServer } from 'node:net';

/**
 * Makes cluster DNS names usable on one host. Every `{service}.{namespace}.svc[.domain]:{port}`
 * found in a pod's environment is rewritten to `127.0.0.1:{local port}`, where the local port
 * is allocated once per (namespace, service, port) and then reused: every pod of a job sees the
 * same address for the same replica, and two replicas that both listen on 2222 in the cluster
 * get distinct local ports, so a whole distributed job runs on one machine without conflicts.
 * The replica whose own address appears in its TF_CONFIG simply listens on the rewritten port.
 */
export class ServiceAddresses {
  readonly #ports = new Map<string, number>();
  readonly #pending = new Map<string, Promise<number>>();

  /** The local port standing in for `service.namespace:port` (allocated on first use). */
  async localPort(namespace: string, service: string, port: number): Promise<number> {
    const key = `${namespace}/${service}:${port}`;
    const known = this.#ports.get(key);
    if (known !== undefined) return known;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = freePort().then((p) => {
        this.#ports.set(key, p);
        this.#pending.delete(key);
        return p;
      });
      this.#pending.set(key, pending);
    }
    return pending;
  }

  /** `text` with every `{svc}.{ns}.svc[.…]:{port}` replaced by its local address. */
  async rewrite(text: string): Promise<string> {
    const pattern =
      /([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.[a-z0-9.-]*[a-z0-9])?:(\d+)/g;
    const matches = [...text.matchAll(pattern)];
    let out = '';
    let last = 0;
    for (const m of matches) {
      const local = await this.localPort(m[3]!, m[1]!, Number(m[6]));
      out += text.slice(last, m.index) + `127.0.0.1:${local}`;
      last = m.index! + m[0].length;
    }
    return out + text.slice(last);
  }
}

/** A TCP port nobody listens on right now (bound on 127.0.0.1 and released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
