import type { ServerResponse } from 'node:http';

/** A watch event of a ConfigMap named `name` at `rv` (its data has multi-byte characters). */
export const event = (type: string, name: string, rv: string) => ({
  type,
  object: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, resourceVersion: rv },
    data: { greeting: 'grüß dich 👋' },
  },
});

/** One watch frame: the event's JSON and a newline. */
export const line = (e: object): string => `${JSON.stringify(e)}\n`;

/** Starts a chunked watch response. */
export function startStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  res.flushHeaders();
}
