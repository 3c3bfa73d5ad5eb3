import { createServer } from 'node:net';
import { apiRequest, type ApiTarget } from './api-request';

/** A TCP port on 127.0.0.1 that was free a moment ago (another process may still take it). */
export function freePort(): Promise<number> {
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

/**
 * GETs `path` of `target` every 250 ms until it answers 200 or `signal` aborts (connection
 * errors count as not yet). Bound it with whileRunning(), which also notices the process exit.
 */
export async function pollUntilOk(
  target: ApiTarget,
  path: string,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    const res = await apiRequest(target, { path, signal }).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
